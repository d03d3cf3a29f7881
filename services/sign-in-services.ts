import { AuthError } from '../machines/auth-error.js';
import type { AuthStepResult, PendingChallenge } from '../machines/auth-types.js';
import { Secret } from '../machines/secret.js';
import type { ChallengeAnswer, ChallengeAnswerRequest, SignInRequest, TotpAssociation } from '../machines/service-contracts.js';
import { challengeResponses } from './challenge-responses.js';
import { withForgottenDeviceRetry } from './device-sign-in.js';
import type { StoredDevice } from './device-store.js';
import { toAuthError } from './error-mapping.js';
import { passwordVerifierResponses } from './password-verifier.js';
import type { ServiceKit } from './service-kit.js';
import { startSrp } from './srp/srp-client.js';

/*
 * The sign-in services: InitiateAuth (SRP or not), challenge answers and the TOTP setup of an MFA_SETUP challenge.
 */

/**
 * MFA_SETUP: the app's code is checked by VerifySoftwareToken, whose session the answer then carries. A code
 * Cognito accepted is remembered by the challenge's session (kit.verifiedSetups): if the final answer fails in
 * transit, Cognito has already replaced that session, so a retry answers with the new one instead of verifying
 * again with a session that is no longer valid.
 */
async function verifiedSetupSession(
  kit: ServiceKit,
  challenge: PendingChallenge,
  token: NonNullable<ChallengeAnswer['softwareToken']>,
  signal: AbortSignal,
): Promise<string> {
  const verifiedSession = kit.verifiedSetups.get(challenge.session);
  if (verifiedSession !== undefined) return verifiedSession;
  const verified = await kit.call(
    'VerifySoftwareToken',
    {
      Session: challenge.session,
      UserCode: token.code.reveal(),
      ...(token.friendlyDeviceName ? { FriendlyDeviceName: token.friendlyDeviceName } : {}),
    },
    signal,
  );
  if (verified.Status && verified.Status !== 'SUCCESS') {
    throw new AuthError('EnableSoftwareTokenMFAException', 'The code did not match the authenticator app');
  }
  const session = verified.Session ?? challenge.session;
  kit.verifiedSetups.set(challenge.session, session);
  return session;
}

/** DEVICE_KEY names the remembered device, so Cognito can let it prove itself instead of asking for MFA. */
const deviceParam = (device: StoredDevice | null): { DEVICE_KEY?: string } => (device ? { DEVICE_KEY: device.deviceKey } : {});

async function srpSignIn(kit: ServiceKit, input: SignInRequest, device: StoredDevice | null, signal: AbortSignal): Promise<AuthStepResult> {
  if (!input.password) throw new AuthError('ValidationError', 'password is required for SRP sign-in');
  const srp = await (kit.options.startSrp ?? startSrp)();
  const custom = input.authFlow === 'CUSTOM_WITH_SRP';
  let output = await kit.call(
    'InitiateAuth',
    {
      AuthFlow: custom ? 'CUSTOM_AUTH' : 'USER_SRP_AUTH',
      ClientId: kit.clientId,
      AuthParameters: {
        USERNAME: input.username,
        SRP_A: srp.srpA,
        ...(custom ? { CHALLENGE_NAME: 'SRP_A' } : {}),
        ...deviceParam(device),
        ...(await kit.hashParam(input.username)),
      },
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
    },
    signal,
  );
  if (output.ChallengeName === 'PASSWORD_VERIFIER') {
    const parameters = output.ChallengeParameters ?? {};
    const responses = await passwordVerifierResponses(srp, parameters, {
      userPoolId: kit.userPoolId,
      typedUsername: input.username,
      password: input.password,
      now: new Date(kit.now()),
    });
    output = await kit.call(
      'RespondToAuthChallenge',
      {
        ClientId: kit.clientId,
        ChallengeName: 'PASSWORD_VERIFIER',
        ...(output.Session ? { Session: output.Session } : {}),
        ChallengeResponses: { ...responses, ...deviceParam(device), ...(await kit.hashParam(responses.USERNAME)) },
        ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
      },
      signal,
    );
  }
  return kit.stepOf(output, input.username, signal);
}

export async function signIn(kit: ServiceKit, input: SignInRequest, signal: AbortSignal): Promise<AuthStepResult> {
  const custom = input.authFlow === 'CUSTOM_WITHOUT_SRP';
  if (!custom && !input.password) {
    throw new AuthError('ValidationError', input.authFlow === 'USER_SRP_AUTH' || input.authFlow === 'CUSTOM_WITH_SRP' ? 'password is required for SRP sign-in' : 'password is required for USER_PASSWORD_AUTH');
  }
  return withForgottenDeviceRetry(kit, input.username, (device) =>
    input.authFlow === 'USER_SRP_AUTH' || input.authFlow === 'CUSTOM_WITH_SRP'
      ? srpSignIn(kit, input, device, signal)
      : passwordSignIn(kit, input, device, signal),
  );
}

async function passwordSignIn(kit: ServiceKit, input: SignInRequest, device: StoredDevice | null, signal: AbortSignal): Promise<AuthStepResult> {
  const custom = input.authFlow === 'CUSTOM_WITHOUT_SRP';
  const output = await kit.call(
    'InitiateAuth',
    {
      AuthFlow: custom ? 'CUSTOM_AUTH' : 'USER_PASSWORD_AUTH',
      ClientId: kit.clientId,
      AuthParameters: {
        USERNAME: input.username,
        ...(!custom && input.password ? { PASSWORD: input.password.reveal() } : {}),
        ...deviceParam(device),
        ...(await kit.hashParam(input.username)),
      },
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
    },
    signal,
  );
  return kit.stepOf(output, input.username, signal);
}

export async function respondToChallenge(kit: ServiceKit, input: ChallengeAnswerRequest, signal: AbortSignal): Promise<AuthStepResult> {
  const { challenge, answer } = input;
  const session = answer.softwareToken ? await verifiedSetupSession(kit, challenge, answer.softwareToken, signal) : challenge.session;
  try {
    const output = await kit.call(
      'RespondToAuthChallenge',
      {
        ClientId: kit.clientId,
        ChallengeName: challenge.name,
        Session: session,
        ChallengeResponses: {
          USERNAME: challenge.username,
          ...challengeResponses(answer),
          ...(await kit.hashParam(challenge.username)),
        },
        ...(answer.clientMetadata ? { ClientMetadata: answer.clientMetadata } : {}),
      },
      signal,
    );
    kit.verifiedSetups.delete(challenge.session);
    return await kit.stepOf(output, challenge.username, signal);
  } catch (error) {
    if (answer.softwareToken && !toAuthError(error).retryable) kit.verifiedSetups.delete(challenge.session);
    throw error;
  }
}

export async function associateTotp(kit: ServiceKit, input: { challenge: PendingChallenge }, signal: AbortSignal): Promise<TotpAssociation> {
  const output = await kit.call('AssociateSoftwareToken', { Session: input.challenge.session }, signal);
  if (!output.SecretCode) throw new AuthError('InvalidResponseError', 'Cognito answered AssociateSoftwareToken without a secret');
  return { secretCode: new Secret(output.SecretCode), session: output.Session ?? input.challenge.session };
}
