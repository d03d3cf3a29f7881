import { assign } from 'xstate';
import { validateEvent } from './auth-events.js';
import { chartSetup, errorOf } from './chart-setup.js';
import { passwordResetActions } from './password-reset-actions.js';
import { sessionActions } from './session-actions.js';
import { signInActions } from './sign-in-actions.js';
import { signUpActions } from './sign-up-actions.js';

/** The chart's setup with every action, from which each region's states are written. */
export const authSetup = chartSetup.extend({
  actions: {
    rejectInvalidEvent: assign(({ context, event }) => {
      const result = validateEvent(event, context);
      return { error: result.ok ? null : result.error };
    }),
    clearError: assign({ error: null }),
    setError: assign((_, params: { error: unknown }) => ({ error: errorOf(params.error) })),
    ...signUpActions,
    ...signInActions,
    ...sessionActions,
    ...passwordResetActions,
  },
});
