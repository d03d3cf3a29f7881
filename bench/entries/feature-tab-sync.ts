/** The smallest app with tab sync imported: its cost is this build less create-auth-fetch.ts. */
export * from './create-auth-fetch.js';
export { tabSync } from '../../tab-sync.js';
