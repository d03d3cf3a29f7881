import { assign } from 'xstate';
import { validationError } from './auth-events.js';
import { defineActions } from './chart-setup.js';
import { setupFactorsOffered, type SetupFactor } from './mfa-setup.js';

/** What the MFA_SETUP challenge records while the user picks the factor to set up. */
export const mfaSetupActions = defineActions({
  /** Kept with the challenge, so that an answer Cognito refused comes back to the same step. */
  chooseMfaSetup: assign(({ context }, params: { factor: SetupFactor }) => ({
    error: null,
    challenge: context.challenge && { ...context.challenge, mfaSetupChoice: params.factor },
  })),
  /** The authenticator app could not be set up (AssociateSoftwareToken failed): the user chooses again. */
  reopenMfaSetupChoice: assign(({ context }) => {
    if (!context.challenge) return {};
    const { mfaSetupChoice: _chosen, ...challenge } = context.challenge;
    return { challenge };
  }),
  /** A factor Cognito did not offer to set up (SMS, say): nothing is sent, and the error names the ones it did. */
  refuseMfaSetupType: assign(({ context }) => ({
    error: validationError('SELECT_MFA_TYPE', [
      { path: 'mfaType', message: `must be one Cognito offers to set up: ${setupFactorsOffered(context.challenge).join(', ')}` },
    ]),
  })),
});
