/** The smallest app with snapshot persistence imported: its cost is this build less create-auth-fetch.ts. */
export * from './create-auth-fetch.js';
export { snapshotPersistence } from '../../persistence.js';
