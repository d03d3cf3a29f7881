/**
 * cognito-auth-machine/tab-sync: keeps the tabs of a browser origin in step, for tokens in storage they share
 * (`webStorage(localStorage)`): `createAuth(config, { tabSync: tabSync() })`. An app that does not import it
 * does not ship it.
 */
export { tabSync, type TabSync } from './runtime/tab-sync.js';
