import { AuthError } from '../machines/auth-error.js';
import type { AuthStepResult, PendingChallenge } from '../machines/auth-types.js';
import { Secret } from '../machines/secret.js';
import type { ChallengeAnswer, ChallengeAnswerRequest, SignInRequest, TotpAssociation } from '../machines/service-contracts.js';
import { challengeResponses } from './challenge-responses.js';
import { withForgottenDeviceRetry } from './device-sign-in.js';
import type { StoredDevice } from './device-store.js';
import { toAuthError } from './error-mapping.js';
import { passwordVerifierResponses } from './password-verifier.js';
import type { AuthStepOutput } from './cognito-api.js';
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
  output = await answerPasswordVerifier(kit, srp, output, { username: input.username, password: input.password, device, clientMetadata: input.clientMetadata }, signal);
  return kit.stepOf(output, input.username, signal);
}

/** PASSWORD_VERIFIER, when Cognito asks for it: the SRP proof of the password, begun with `srp`'s SRP_A. */
async function answerPasswordVerifier(
  kit: ServiceKit,
  srp: Awaited<ReturnType<typeof startSrp>>,
  output: AuthStepOutput,
  context: { username: string; password: Secret; device: StoredDevice | null; clientMetadata?: Record<string, string> | undefined },
  signal: AbortSignal,
): Promise<AuthStepOutput> {
  if (output.ChallengeName !== 'PASSWORD_VERIFIER') return output;
  const responses = await passwordVerifierResponses(srp, output.ChallengeParameters ?? {}, {
    userPoolId: kit.userPoolId,
    typedUsername: context.username,
    password: context.password,
    now: new Date(kit.now()),
  });
  return kit.call(
    'RespondToAuthChallenge',
    {
      ClientId: kit.clientId,
      ChallengeName: 'PASSWORD_VERIFIER',
      ...(output.Session ? { Session: output.Session } : {}),
      ChallengeResponses: { ...responses, ...deviceParam(context.device), ...(await kit.hashParam(responses.USERNAME)) },
      ...(context.clientMetadata ? { ClientMetadata: context.clientMetadata } : {}),
    },
    signal,
  );
}

/**
 * USER_AUTH, choice-based sign-in: the preferred first factor starts at once (PASSWORD sends the password,
 * PASSWORD_SRP proves it by SRP as USER_SRP_AUTH does); without one Cognito answers SELECT_CHALLENGE with the
 * factors this user may choose. After ConfirmSignUp, its Session stands for the first factor.
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html
 */
async function userAuthSignIn(kit: ServiceKit, input: SignInRequest, device: StoredDevice | null, signal: AbortSignal): Promise<AuthStepResult> {
  const preferred = input.session ? undefined : input.preferredChallenge;
  if ((preferred === 'PASSWORD' || preferred === 'PASSWORD_SRP') && !input.password) {
    throw new AuthError('ValidationError', `password is required for ${preferred}`);
  }
  const srp = preferred === 'PASSWORD_SRP' ? await (kit.options.startSrp ?? startSrp)() : undefined;
  let output = await kit.call(
    'InitiateAuth',
    {
      AuthFlow: 'USER_AUTH',
      ClientId: kit.clientId,
      AuthParameters: {
        USERNAME: input.username,
        ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}),
        ...(preferred === 'PASSWORD' && input.password ? { PASSWORD: input.password.reveal() } : {}),
        ...(srp ? { SRP_A: srp.srpA } : {}),
        ...deviceParam(device),
        ...(await kit.hashParam(input.username)),
      },
      ...(input.session ? { Session: input.session.reveal() } : {}),
      ...(input.clientMetadata ? { ClientMetadata: input.clientMetadata } : {}),
    },
    signal,
  );
  if (srp && input.password) {
    output = await answerPasswordVerifier(kit, srp, output, { username: input.username, password: input.password, device, clientMetadata: input.clientMetadata }, signal);
  }
  return kit.stepOf(output, input.username, signal);
}

export async function signIn(kit: ServiceKit, input: SignInRequest, signal: AbortSignal): Promise<AuthStepResult> {
  if (input.authFlow === 'USER_AUTH') {
    return withForgottenDeviceRetry(kit, input.username, (device) => userAuthSignIn(kit, input, device, signal));
  }
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
  const srp = answer.srpPassword ? await (kit.options.startSrp ?? startSrp)() : undefined;
  try {
    let output = await kit.call(
      'RespondToAuthChallenge',
      {
        ClientId: kit.clientId,
        ChallengeName: challenge.name,
        Session: session,
        ChallengeResponses: {
          USERNAME: challenge.username,
          ...challengeResponses(answer),
          ...(srp ? { SRP_A: srp.srpA } : {}),
          ...(await kit.hashParam(challenge.username)),
        },
        ...(answer.clientMetadata ? { ClientMetadata: answer.clientMetadata } : {}),
      },
      signal,
    );
    if (srp && answer.srpPassword) {
      const context = { username: challenge.username, password: answer.srpPassword, device: null, clientMetadata: answer.clientMetadata };
      output = await answerPasswordVerifier(kit, srp, output, context, signal);
    }
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
