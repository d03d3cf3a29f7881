import { hexToBigInt } from 'cognito-auth-machine/protocol';
import { LocalCognitoError, fail } from './local-cognito-error.js';
import type { ClientRecord, DeviceRecord, SessionRecord, UserRecord } from './pool-records.js';
import { openSession, type ServiceState } from './service-state.js';
import { parseSrpTimestamp, startSrpServer } from './srp-server.js';

type Step = Record<string, unknown>;

/**
 * A remembered device proves itself with SRP, as a user proves a password
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-device-tracking.html): the
 * same group and hashes, with the device group key in place of the pool name, the device key as the user, and the
 * device's random password behind the verifier ConfirmDevice kept.
 */
export function deviceSrpChallenge(state: ServiceState, client: ClientRecord, user: UserRecord, device: DeviceRecord): Step {
  const session = openSession(state, client, user, { challenge: 'DEVICE_SRP_AUTH', flow: 'PASSWORD', deviceKey: device.key });
  return { ChallengeName: 'DEVICE_SRP_AUTH', Session: session, ChallengeParameters: { USERNAME: user.username } };
}

/** DEVICE_SRP_AUTH answered with SRP_A: the server's half, in a DEVICE_PASSWORD_VERIFIER challenge. */
export async function devicePasswordVerifierChallenge(
  state: ServiceState,
  client: ClientRecord,
  user: UserRecord,
  device: DeviceRecord,
  srpA: string,
  secretBlockFor: (session: string) => string,
): Promise<Step> {
  let server: Awaited<ReturnType<typeof startSrpServer>>;
  try {
    server = await startSrpServer({ verifier: hexToBigInt(device.verifier!), srpA });
  } catch (error) {
    throw new LocalCognitoError('InvalidParameterException', error instanceof Error ? error.message : 'Invalid SRP_A');
  }
  const session = openSession(state, client, user, { challenge: 'DEVICE_PASSWORD_VERIFIER', flow: 'PASSWORD', deviceKey: device.key });
  const secretBlock = secretBlockFor(session);
  state.sessions.get(session)!.srp = { srpB: server.srpB, secretBlock, verify: server.verify };
  return {
    ChallengeName: 'DEVICE_PASSWORD_VERIFIER',
    Session: session,
    ChallengeParameters: { SRP_B: server.srpB, SALT: device.salt!, SECRET_BLOCK: secretBlock, USERNAME: user.username, DEVICE_KEY: device.key },
  };
}

const TIMESTAMP_WINDOW_MS = 5 * 60 * 1000;

/** Checks a DEVICE_PASSWORD_VERIFIER answer against the spent session's SRP state; a wrong proof is refused. */
export async function verifyDeviceClaim(
  state: ServiceState,
  held: SessionRecord,
  device: DeviceRecord,
  claim: { secretBlock: string; signature: string; timestamp: string },
): Promise<void> {
  const srp = held.srp;
  if (!srp) fail('NotAuthorizedException', 'Invalid session for the user.');
  const refused = (): never => fail('NotAuthorizedException', 'Incorrect username or password.');
  if (claim.secretBlock !== srp.secretBlock) refused();
  const when = parseSrpTimestamp(claim.timestamp);
  if (!when || Math.abs(when.getTime() - state.clock.now()) > TIMESTAMP_WINDOW_MS) refused();
  const ok = await srp.verify({ poolName: device.groupKey, userIdForSrp: device.key, ...claim });
  if (!ok) refused();
  device.lastAuthenticatedAt = state.clock.now();
}
