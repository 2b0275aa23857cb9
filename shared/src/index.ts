/**
 * `@whatsapp-signup/shared`: every shape that crosses a boundary between the
 * widget, the relay, Sinch and Meta. Browser code should import the zod-free
 * subpaths (`@whatsapp-signup/shared/meta`, `/sinch`) and types only from `/api`.
 * @module
 */
export * from './api.js';
export * from './meta.js';
export * from './session.js';
export * from './sinch.js';
export * from './template-schema.js';
export * from './templates.js';
