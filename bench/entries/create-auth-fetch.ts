/**
 * The smallest app: `createAuth` with the fetch transport and nothing else imported. The budget test checks that
 * no optional feature (tab sync, snapshot persistence, redacted inspection) is in this build.
 */
export { createAuth } from '../../core.js';
export { fetchTransport } from '../../fetch.js';
