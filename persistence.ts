/**
 * cognito-auth-machine/persistence: resuming after a reload in the middle of a challenge, a sign-up confirmation or
 * a password reset: `createAuth(config, { persistence: snapshotPersistence(webStorage(sessionStorage)) })`, or
 * from a resume point the app kept itself: `createAuth(config, { snapshot, resume: snapshotResume() })`. An app that
 * does not import it does not ship it, nor the checking of resume points.
 */
export {
  snapshotPersistence,
  snapshotResume,
  loadAuthSnapshot,
  type SnapshotPersistence,
  type SnapshotResume,
} from './runtime/snapshot-persistence.js';
