/**
 * cognito-auth-machine/persistence: resuming after a reload in the middle of a challenge, a sign-up confirmation or
 * a password reset: `createAuth(config, { persistence: snapshotPersistence(webStorage(sessionStorage)) })`. An app
 * that does not import it does not ship it.
 */
export { snapshotPersistence, loadAuthSnapshot, type SnapshotPersistence } from './runtime/snapshot-persistence.js';
