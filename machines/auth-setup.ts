import { assign, type AnyMachineSnapshot } from 'xstate';
import { validateEvent } from './auth-events.js';
import { chartSetup, errorOf } from './chart-setup.js';
import { invalidStateError, isInternalEvent } from './refused-event.js';
import { accountChartActions } from './account-chart-actions.js';
import { mfaSetupActions } from './mfa-setup-actions.js';
import { passwordResetActions } from './password-reset-actions.js';
import { redirectActions } from './redirect-actions.js';
import { sessionActions } from './session-actions.js';
import { signInActions } from './sign-in-actions.js';
import { signUpActions } from './sign-up-actions.js';

/** Keeps a transition's names literal, so the state that takes it checks them against the setup. */
export const transition = <const T>(config: T) => config;

/**
 * A valid event goes to `target` (its error cleared, then `action`); an invalid one keeps the state and sets the
 * ValidationError that names its fields. Nothing is sent for an invalid event.
 */
export const whenValid = <const TTarget extends string, const TAction extends string>(target: TTarget, action?: TAction) => [
  transition({ guard: 'eventIsValid', target, actions: action ? (['clearError', action] as const) : 'clearError' }),
  transition({ actions: 'rejectInvalidEvent' }),
];

/** The error of a failed service, as the actions that report it take it. */
export const failure = ({ event }: { event: { error: unknown } }) => ({ error: event.error });

/** The chart's setup with every action, from which each region's states are written. */
export const authSetup = chartSetup.extend({
  actions: {
    rejectInvalidEvent: assign(({ context, event }) => {
      const result = validateEvent(event, context);
      return { error: result.ok ? null : result.error };
    }),
    /** The event is not one the active states take: keep the state, send nothing, and say what they take. */
    refuseEventInThisState: assign(({ event, self }) =>
      isInternalEvent(event.type) ? {} : { error: invalidStateError(event.type, self.getSnapshot() as AnyMachineSnapshot) },
    ),
    clearError: assign({ error: null }),
    setError: assign((_, params: { error: unknown }) => ({ error: errorOf(params.error) })),
    ...signUpActions,
    ...signInActions,
    ...mfaSetupActions,
    ...sessionActions,
    ...passwordResetActions,
    ...accountChartActions,
    ...redirectActions,
  },
});
