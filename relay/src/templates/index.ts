/**
 * WhatsApp templates through the relay: the routes, the Sinch error mapping and the callback status store.
 * @module
 */
export {
  type MetaTemplateError,
  metaErrorOf,
  type TemplateErrorAnswer,
  templateErrorAnswer,
} from './errors.js';
export { createTemplatesRoutes, type TemplatesRoutesDeps } from './routes.js';
export {
  isTemplateCallback,
  type ProvisioningCallback,
  type TemplateLastEvent,
  type TemplateStatusDatabase,
  type TemplateStatusesTable,
  TemplateStatusStore,
  templateStatusesMigration,
} from './status-store.js';
