import type { AuthContext } from '../../machines/auth-types.js';

/** The machine's context when signed out with nothing pending, for checks that read the context (validateEvent). */
export const EMPTY_CONTEXT: AuthContext = {
  authFlow: 'USER_PASSWORD_AUTH',
  user: null,
  tokens: null,
  challenge: null,
  signInUsername: null,
  signUp: null,
  passwordReset: null,
  error: null,
  refreshFailures: 0,
};
