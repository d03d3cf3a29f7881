import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bigIntModPow, type ModPow } from '../../services/srp/mod-pow.js';
import { loadNodeModPow } from '../../services/srp/mod-pow-node.js';
import { N, g, k } from '../../services/srp/srp-group.js';
import { startSrp } from '../../services/srp/srp-client.js';
import { computeSrpVerifier, parseSrpTimestamp, startSrpServer } from '../../packages/local-pool/src/srp-server.js';
import { AuthError } from '../../machines/auth-error.js';
import { bytesToHex, fromBase64, toBase64 } from '../../services/bytes.js';
import { randomBytes } from '../../services/web-crypto.js';

const nodeModPow = await loadNodeModPow();
if (!nodeModPow) throw new Error('node:crypto engine must load under Node');

const poolName = 'AbCdEf123';
const userIdForSrp = '3f1c2b7a-2d4e-4b8a-9c1d-0e5f6a7b8c9d';
const password = 'Pässwörd-🔐-1';
const secretBlock = toBase64(randomBytes(48));

async function signIn(modPow: ModPow, typed: { password: string; userIdForSrp?: string }) {
  const salt = bytesToHex(randomBytes(16));
  const verifier = await computeSrpVerifier({ poolName, userIdForSrp, password, salt, modPow });
  const client = await startSrp({ modPow });
  const server = await startSrpServer({ verifier, srpA: client.srpA, modPow });
  const user = typed.userIdForSrp ?? userIdForSrp;
  const answer = await client.respond({ poolName, userIdForSrp: user, password: typed.password, salt, srpB: server.srpB, secretBlock });
  return { server, answer, user };
}

async function rejectsWith(promise: Promise<unknown>, name: string): Promise<void> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  expect((error as AuthError).name).toBe(name);
}

describe.each([
  ['BigInt', bigIntModPow],
  ['node:crypto', nodeModPow],
] as Array<[string, ModPow]>)('client ↔ server round trip (%s)', (_, modPow) => {
  it('verifies the right password, with a timestamp that parses', async () => {
    const { server, answer } = await signIn(modPow, { password });
    const signedAt = parseSrpTimestamp(answer.timestamp);
    expect(signedAt).not.toBeNull();
    expect(Math.abs(Date.now() - signedAt!.getTime())).toBeLessThan(60_000);
    expect(await server.verify({ poolName, userIdForSrp, secretBlock, ...answer })).toBe(true);
  });

  it('refuses a wrong password', async () => {
    const { server, answer } = await signIn(modPow, { password: 'Passwörd-🔐-1' });
    expect(await server.verify({ poolName, userIdForSrp, secretBlock, ...answer })).toBe(false);
  });

  it('refuses a signature made with another user id (the typed alias instead of USER_ID_FOR_SRP)', async () => {
    const { server, answer, user } = await signIn(modPow, { password, userIdForSrp: 'alice@example.com' });
    expect(await server.verify({ poolName, userIdForSrp: user, secretBlock, ...answer })).toBe(false);
    expect(await server.verify({ poolName, userIdForSrp, secretBlock, ...answer })).toBe(false);
  });

  it('refuses an altered timestamp, secret block, pool name or signature', async () => {
    const { server, answer } = await signIn(modPow, { password });
    const claim = { poolName, userIdForSrp, secretBlock, ...answer };
    const otherSecond = answer.timestamp.replace(/:(\d\d) UTC/, (_m, s: string) => `:${String((Number(s) + 1) % 60).padStart(2, '0')} UTC`);
    expect(await server.verify({ ...claim, timestamp: otherSecond })).toBe(false);
    // The same instant with a padded day is a different string, so the HMAC no longer matches.
    expect(await server.verify({ ...claim, timestamp: answer.timestamp.replace(/ (\d) /, ' 0$1 ') })).toBe(
      !/ \d /.test(answer.timestamp),
    );
    const block = fromBase64(secretBlock);
    block[0] = block[0]! ^ 1;
    expect(await server.verify({ ...claim, secretBlock: toBase64(block) })).toBe(false);
    expect(await server.verify({ ...claim, poolName: 'AbCdEf124' })).toBe(false);
    const signature = fromBase64(answer.signature);
    signature[31] = signature[31]! ^ 0x80;
    expect(await server.verify({ ...claim, signature: toBase64(signature) })).toBe(false);
    expect(await server.verify({ ...claim, signature: toBase64(signature.slice(0, 16)) })).toBe(false);
    expect(await server.verify({ ...claim, signature: 'not base64!' })).toBe(false);
    // And the untouched claim still verifies on the same server session.
    expect(await server.verify(claim)).toBe(true);
  });

  it('agrees for random passwords, user ids and salts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', minLength: 1, maxLength: 16 }),
        fc.oneof(fc.uuid(), fc.emailAddress()),
        fc.uint8Array({ minLength: 1, maxLength: 24 }),
        async (pw, user, saltBytes) => {
          const salt = bytesToHex(saltBytes);
          const verifier = await computeSrpVerifier({ poolName, userIdForSrp: user, password: pw, salt, modPow });
          const client = await startSrp({ modPow });
          const server = await startSrpServer({ verifier, srpA: client.srpA, modPow });
          const answer = await client.respond({ poolName, userIdForSrp: user, password: pw, salt, srpB: server.srpB, secretBlock });
          expect(await server.verify({ poolName, userIdForSrp: user, secretBlock, ...answer })).toBe(true);
          const wrong = await client.respond({ poolName, userIdForSrp: user, password: `${pw}x`, salt, srpB: server.srpB, secretBlock });
          expect(await server.verify({ poolName, userIdForSrp: user, secretBlock, ...wrong })).toBe(false);
        },
      ),
      { numRuns: 10 },
    );
  });

  it('the client refuses B ≡ 0 mod N and malformed challenge values', async () => {
    const client = await startSrp({ modPow });
    const base = { poolName, userIdForSrp, password, salt: 'ab', secretBlock };
    for (const srpB of ['0', '00', N.toString(16), (2n * N).toString(16)]) {
      await rejectsWith(client.respond({ ...base, srpB }), 'SrpProtocolError');
    }
    await rejectsWith(client.respond({ ...base, srpB: 'xyz' }), 'SrpProtocolError');
    await rejectsWith(client.respond({ ...base, srpB: '02', salt: '' }), 'SrpProtocolError');
    await rejectsWith(client.respond({ ...base, srpB: '02', secretBlock: '***' }), 'SrpProtocolError');
  });

  it('the server refuses A ≡ 0 mod N and malformed A with InvalidParameterException', async () => {
    const verifier = await modPow(g, 12345n, N);
    for (const srpA of ['0', '0000', N.toString(16), (3n * N).toString(16).toUpperCase(), 'not-hex', '']) {
      await rejectsWith(startSrpServer({ verifier, srpA, modPow }), 'InvalidParameterException');
    }
  });

  it('the server picks B = k·v + g^b mod N and never B ≡ 0', async () => {
    const verifier = await modPow(g, 999n, N);
    const server = await startSrpServer({ verifier, srpA: '02', b: 7n, modPow });
    expect(server.srpB).toHaveLength(768);
    expect(BigInt(`0x${server.srpB}`)).toBe((k * verifier + 128n) % N);
    // A verifier chosen so that k·v ≡ −g^b makes the given b unusable.
    const kInverse = await modPow(k, N - 2n, N);
    const badVerifier = ((N - 128n) * kInverse) % N;
    await expect(startSrpServer({ verifier: badVerifier, srpA: '02', b: 7n, modPow })).rejects.toThrow(RangeError);
    const fresh = await startSrpServer({ verifier: badVerifier, srpA: '02', modPow });
    expect(BigInt(`0x${fresh.srpB}`) % N).not.toBe(0n);
  });
});

describe('startSrp options', () => {
  it('uses 128 random bytes for a by default, so SRP_A differs between sessions', async () => {
    const [first, second] = await Promise.all([startSrp(), startSrp()]);
    expect(first.srpA).not.toBe(second.srpA);
    expect(first.srpA).toMatch(/^[0-9a-f]+$/);
    expect(first.srpA.startsWith('0')).toBe(false);
  });

  it('refuses a non-positive a', async () => {
    await rejectsWith(startSrp({ a: 0n }), 'ValidationError');
  });
});
