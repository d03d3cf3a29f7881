/** core + fetch with passkeys imported: its cost is this build less core-fetch.ts. */
export * from './core-fetch.js';
export { passkeys, browserWebAuthn } from '../../passkeys.js';
