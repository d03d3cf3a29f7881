import { describe, expect, it } from 'vitest';
import { Secret } from '../../machines/secret.js';
import { passwordVerifierResponses } from '../../services/password-verifier.js';
import type { SrpChallenge, SrpClientSession } from '../../services/srp/srp-client.js';

/* The answer to PASSWORD_VERIFIER around the SRP proof: which parameters it needs and which username it proves. */

const NOW = new Date(Date.UTC(2026, 0, 1, 12, 0, 0));
const context = { userPoolId: 'us-east-1_TestPool1', typedUsername: 'alice@example.com', password: new Secret('Passw0rd!'), now: NOW };
const COMPLETE = { SALT: 'a1b2', SRP_B: 'c3d4', SECRET_BLOCK: 'c2VjcmV0LWJsb2Nr' };

function recordingSrp() {
  const seen: SrpChallenge[] = [];
  const srp: SrpClientSession = {
    srpA: 'abc',
    async respond(challenge) {
      seen.push(challenge);
      return { signature: 'c2lnbmF0dXJl', timestamp: 'Thu Jan 1 12:00:00 UTC 2026' };
    },
  };
  return { srp, seen };
}

describe('passwordVerifierResponses', () => {
  it.each(['SALT', 'SRP_B', 'SECRET_BLOCK'] as const)('without %s → InvalidResponseError, no proof computed', async (missing) => {
    const { srp, seen } = recordingSrp();
    const parameters: Record<string, string> = { ...COMPLETE, USER_ID_FOR_SRP: 'alice' };
    delete parameters[missing];
    await expect(passwordVerifierResponses(srp, parameters, context)).rejects.toMatchObject({
      name: 'InvalidResponseError',
      message: 'PASSWORD_VERIFIER came without SALT, SRP_B or SECRET_BLOCK',
    });
    expect(seen).toEqual([]);
  });

  it('proves USER_ID_FOR_SRP over USERNAME and what was typed, with the pool name and the echoed secret block', async () => {
    const { srp, seen } = recordingSrp();
    const responses = await passwordVerifierResponses(srp, { ...COMPLETE, USER_ID_FOR_SRP: 'uuid-1', USERNAME: 'alias-1' }, context);
    expect(responses).toEqual({
      USERNAME: 'uuid-1',
      PASSWORD_CLAIM_SECRET_BLOCK: COMPLETE.SECRET_BLOCK,
      PASSWORD_CLAIM_SIGNATURE: 'c2lnbmF0dXJl',
      TIMESTAMP: 'Thu Jan 1 12:00:00 UTC 2026',
    });
    expect(seen).toEqual([
      { poolName: 'TestPool1', userIdForSrp: 'uuid-1', password: 'Passw0rd!', salt: 'a1b2', srpB: 'c3d4', secretBlock: COMPLETE.SECRET_BLOCK, now: NOW },
    ]);
  });

  it('falls back to USERNAME, then to what was typed', async () => {
    const first = recordingSrp();
    expect((await passwordVerifierResponses(first.srp, { ...COMPLETE, USERNAME: 'alias-1' }, context)).USERNAME).toBe('alias-1');
    const second = recordingSrp();
    expect((await passwordVerifierResponses(second.srp, COMPLETE, context)).USERNAME).toBe('alice@example.com');
    expect(second.seen[0]?.userIdForSrp).toBe('alice@example.com');
  });
});
