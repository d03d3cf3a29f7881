import { not } from 'xstate';
import type { PendingChallenge } from './auth-types.js';
import { authSetup, failure } from './auth-setup.js';

/**
 * MFA_SETUP: Cognito wants a second factor set up before it signs the user in. An authenticator app gets its
 * secret (AssociateSoftwareToken) and is confirmed by its first code; email is given an address, to which Cognito
 * sends a code that the EMAIL_OTP challenge then takes. Where the pool offers both, the user chooses first.
 * https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-mfa.html
 *
 * The state keeps the name `totpSetup`, which apps already match on.
 */
export const mfaSetup = authSetup.createStateConfig({
  initial: 'starting',
  states: {
    // Entered for a new MFA_SETUP and again after a refused answer: on to the step this setup is at.
    starting: {
      always: [
        { guard: 'totpAssociated', target: 'idle' },
        { guard: { type: 'settingUpMfa', params: { factor: 'EMAIL_OTP' } }, target: 'emailAddress' },
        { guard: { type: 'settingUpMfa', params: { factor: 'SOFTWARE_TOKEN_MFA' } }, target: 'associating' },
        { target: 'choosing' },
      ],
    },
    // Both offered (context.challenge.mfaTypes): SELECT_MFA_TYPE TOTP or EMAIL.
    choosing: {
      on: {
        SELECT_MFA_TYPE: [
          { guard: not('eventIsValid'), actions: 'rejectInvalidEvent' },
          {
            guard: { type: 'choosesMfaSetup', params: { factor: 'SOFTWARE_TOKEN_MFA' } },
            target: 'associating',
            actions: { type: 'chooseMfaSetup', params: { factor: 'SOFTWARE_TOKEN_MFA' } },
          },
          {
            guard: { type: 'choosesMfaSetup', params: { factor: 'EMAIL_OTP' } },
            target: 'emailAddress',
            actions: { type: 'chooseMfaSetup', params: { factor: 'EMAIL_OTP' } },
          },
          { actions: 'refuseMfaSetupType' },
        ],
      },
    },
    associating: {
      tags: ['busy'],
      invoke: {
        id: 'associateTotp',
        src: 'associateTotp',
        input: ({ context }) => ({ challenge: context.challenge as PendingChallenge }),
        onDone: { target: 'idle', actions: { type: 'storeTotpAssociation', params: ({ event }) => ({ association: event.output }) } },
        onError: [
          // The user chose TOTP and Cognito's session still holds: back to the choice, with the error to show.
          {
            guard: { type: 'mayChooseMfaSetupAgain', params: failure },
            target: 'choosing',
            actions: ['reopenMfaSetupChoice', { type: 'reportAnswerFailure', params: failure }],
          },
          { target: '#auth.signedOut', actions: { type: 'failSignIn', params: failure } },
        ],
      },
    },
    // The secret is in context.challenge.totpSecret: VERIFY_TOTP_SETUP with the app's first code (taken by `challenge`).
    idle: {},
    // SET_UP_EMAIL_MFA with the address; the challenge table makes the answer, `responding` sends it.
    emailAddress: {
      on: {
        SET_UP_EMAIL_MFA: [
          { guard: 'eventIsValid', target: '#auth.challenge.responding', actions: 'clearError' },
          { actions: 'rejectInvalidEvent' },
        ],
      },
    },
  },
});
