import { createAuthMachine } from './auth-chart.js';

export { createAuthMachine } from './auth-chart.js';
export { CHALLENGE_SESSION_MS, type AuthMachineInput } from './chart-setup.js';

/**
 * The auth statechart, the one definition every actor started from it shares. Built when this module is imported,
 * which only apps assembling the actor themselves do; `createAuth` builds its own on first use.
 */
export const authMachine = createAuthMachine();
