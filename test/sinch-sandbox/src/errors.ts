/**
 * Error bodies in each Sinch API's own shape.
 * @module
 */

/** Provisioning's "PAPI error" body. */
export interface PapiError {
  errorCode: string;
  message: string;
  resolution: string;
  additionalInformation?: Record<string, unknown>;
}

/** Google-RPC-style error body of the Subprojects and Conversation APIs. */
export interface RpcError {
  error: { code: number; message: string; status: string; details: unknown[] };
}

/** An error answer: status, body and optional headers. */
export interface ErrorAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A Provisioning error answer. */
export function papi(
  status: number,
  errorCode: string,
  message: string,
  resolution: string,
  additionalInformation?: Record<string, unknown>,
): ErrorAnswer {
  const body: PapiError = { errorCode, message, resolution };
  if (additionalInformation) body.additionalInformation = additionalInformation;
  return { status, body };
}

/** A Subprojects/Conversation error answer. */
export function rpc(status: number, code: string, message: string): ErrorAnswer {
  const body: RpcError = { error: { code: status, message, status: code, details: [] } };
  return { status, body };
}

/** Thrown by sandbox handlers; the route wrapper turns it into the answer. */
export class SandboxHttpError extends Error {
  constructor(readonly answer: ErrorAnswer) {
    super(`sandbox error ${answer.status}`);
  }
}

/** Throws a Provisioning error. */
export function failPapi(
  status: number,
  errorCode: string,
  message: string,
  resolution: string,
  additionalInformation?: Record<string, unknown>,
): never {
  throw new SandboxHttpError(papi(status, errorCode, message, resolution, additionalInformation));
}

/** Throws a Subprojects/Conversation error. */
export function failRpc(status: number, code: string, message: string): never {
  throw new SandboxHttpError(rpc(status, code, message));
}
