/**
 * SSR safety: importing the built modules in Node (no DOM) must not throw, and the
 * define module must define nothing. Run after `tsc -b` (dist/esm).
 */
import assert from 'node:assert/strict';

const index = await import('../dist/esm/index.js');
assert.equal(typeof index.WhatsAppSignup, 'function');
const define = await import('../dist/esm/define.js');
assert.equal(define.defineWhatsAppSignup(), undefined, 'nothing is defined without customElements');
console.log('ssr-import: the widget modules import cleanly in Node');
