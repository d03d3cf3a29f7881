import { createActor } from 'xstate';
import { authMachine } from '../../machines/auth-machine.js';
import type { AuthContext } from '../../machines/auth-types.js';

/**
 * The machine's context when signed out with nothing pending (its initial context), for checks that read the
 * context (validateEvent). Read from the chart, not written again; the actor is never started.
 */
export const EMPTY_CONTEXT: AuthContext = createActor(authMachine, { input: { authFlow: 'USER_PASSWORD_AUTH' } }).getSnapshot()
  .context;
