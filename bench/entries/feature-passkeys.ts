/** The smallest app with passkeys imported: its cost is this build less create-auth-fetch.ts. */
export * from './create-auth-fetch.js';
export { passkeys, browserWebAuthn } from '../../passkeys.js';
