/** The smallest app with redirect sign-in imported: its cost is this build less create-auth-fetch.ts. */
export * from './create-auth-fetch.js';
export { oauthRedirect, browserRedirect } from '../../oauth.js';
