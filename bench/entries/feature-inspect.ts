/** The smallest app with redacted inspection imported: its cost is this build less create-auth-fetch.ts. */
export * from './create-auth-fetch.js';
export { redactedInspection } from '../../inspect.js';
