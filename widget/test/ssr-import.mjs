/**
 * SSR safety: importing the built modules in Node (no DOM) must not throw, and the
 * define module must not throw either. (Lit's Node build installs its own small
 * `customElements` shim for server rendering; when it is there the define module
 * registers into it, as Lit SSR expects.) Run after `tsc -b` (dist/esm).
 */
import assert from 'node:assert/strict';

assert.equal(typeof globalThis.window, 'undefined', 'this check must run without a DOM');
const index = await import('../dist/esm/index.js');
assert.equal(typeof index.WhatsAppSignup, 'function');
const define = await import('../dist/esm/define.js');
const registered = define.defineWhatsAppSignup();
assert.ok(registered === undefined || registered === index.WhatsAppSignup);
// A second definition (a second copy of the script) is a no-op, not an exception.
assert.equal(define.defineWhatsAppSignup(), registered);
console.log('ssr-import: the widget modules import and define cleanly in Node');
