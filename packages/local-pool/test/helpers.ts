import { expect } from 'vitest';
import { poolNameOf, startSrp } from 'cognito-auth-machine/protocol';
import type { LocalCognito } from '../src/local-cognito.js';

export type Out = Record<string, any>;

export async function expectError(promise: Promise<unknown>, name: string, message?: string | RegExp): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error, `expected ${name}`).toBeInstanceOf(Error);
  expect(error!.name).toBe(name);
  if (message !== undefined) expect(error!.message).toMatch(message);
  return error!;
}

export function call(cognito: LocalCognito) {
  return (op: string, input: Record<string, unknown>) => cognito.send(op, input) as Promise<Out>;
}

export function decodeJwt(token: string): Out {
  const [, payload] = token.split('.');
  return JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8'));
}

/** USER_SRP_AUTH through PASSWORD_VERIFIER with the project's own SRP client. */
export async function srpSignIn(
  send: (op: string, input: Record<string, unknown>) => Promise<Out>,
  args: { userPoolId: string; clientId: string; username: string; password: string; now?: Date; authFlow?: string; extra?: Record<string, string> },
): Promise<Out> {
  const srp = await startSrp();
  const first = await send('InitiateAuth', {
    AuthFlow: args.authFlow ?? 'USER_SRP_AUTH',
    ClientId: args.clientId,
    AuthParameters: { USERNAME: args.username, SRP_A: srp.srpA, ...args.extra },
  });
  expect(first.ChallengeName).toBe('PASSWORD_VERIFIER');
  const p = first.ChallengeParameters;
  const { signature, timestamp } = await srp.respond({
    poolName: poolNameOf(args.userPoolId),
    userIdForSrp: p.USER_ID_FOR_SRP,
    password: args.password,
    salt: p.SALT,
    srpB: p.SRP_B,
    secretBlock: p.SECRET_BLOCK,
    ...(args.now ? { now: args.now } : {}),
  });
  return send('RespondToAuthChallenge', {
    ClientId: args.clientId,
    ChallengeName: 'PASSWORD_VERIFIER',
    Session: first.Session,
    ChallengeResponses: {
      USERNAME: p.USER_ID_FOR_SRP,
      PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: signature,
      TIMESTAMP: timestamp,
    },
  });
}
