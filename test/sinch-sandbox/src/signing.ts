/**
 * Sinch's callback signature: base64(HMAC-SHA256(secret, rawBody + "." + nonce + "." + timestamp)).
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The signature of `rawBody` for `secret`, `nonce` and `timestamp` (Unix seconds, as a string). */
export function signCallback(secret: string, rawBody: string, nonce: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${rawBody}.${nonce}.${timestamp}`, 'utf8').digest('base64');
}

/** Constant-time check of a signature made by {@link signCallback}. */
export function verifyCallbackSignature(
  secret: string,
  rawBody: string,
  nonce: string,
  timestamp: string,
  signature: string,
): boolean {
  const expected = Buffer.from(signCallback(secret, rawBody, nonce, timestamp));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
