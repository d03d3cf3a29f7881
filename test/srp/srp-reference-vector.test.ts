import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { bigIntModPow, squareAndMultiplyModPow, type ModPow } from '../../services/srp/mod-pow.js';
import { loadNodeModPow } from '../../services/srp/mod-pow-node.js';
import { N, g, hexToBigInt, k, padHex, poolNameOf } from '../../services/srp/srp-group.js';
import { computeU, computeX } from '../../services/srp/srp-hashes.js';
import { deriveSrpKey } from '../../services/srp/srp-key.js';
import { startSrp } from '../../services/srp/srp-client.js';
import { computeSrpVerifier, startSrpServer } from '../../packages/local-pool/src/srp-server.js';
import { bytesToHex } from '../../services/bytes.js';

// Reference section 4.8.
const poolName = poolNameOf('us-east-1_AbCdEf123');
const userIdForSrp = 'alice';
const password = 'Passw0rd!';
const salt = '8ce8291892390f6b53a245933faf6164';
const a = hexToBigInt('11'.repeat(32));
const b = hexToBigInt('22'.repeat(32));
const secretBlock = 'AAECAwQFBgcICQoLDA0ODw==';
const now = new Date(Date.UTC(2024, 2, 5, 9, 4, 7));

const nodeModPow = await loadNodeModPow();
if (!nodeModPow) throw new Error('node:crypto engine must load under Node');
const engines: Array<[string, ModPow]> = [
  ['BigInt', bigIntModPow],
  ['node:crypto', nodeModPow],
  ['square-and-multiply', squareAndMultiplyModPow],
];

describe.each(engines)('reference vector with the %s engine', (_, modPow) => {
  it('reproduces k, x, A, B, u, S, K and the signature', async () => {
    expect(poolName).toBe('AbCdEf123');
    expect(k.toString(16)).toBe('538282c4354742d7cbbde2359fcf67f9f5b3a6b08791e5011b43b8a5b66d9ee6');

    const x = await computeX(poolName, userIdForSrp, password, hexToBigInt(salt));
    expect(x.toString(16).padStart(64, '0')).toBe('e6e0ab61d67657fbcacc7e62344ab7b4bd777a077e6a2069c9a23e4d7d772034');

    const client = await startSrp({ a, modPow });
    expect(client.srpA).toHaveLength(768);
    expect(client.srpA.startsWith('f2c4e7407ccfac45')).toBe(true);
    expect(client.srpA.endsWith('cca3b49b35a49099')).toBe(true);
    const A = hexToBigInt(client.srpA);

    const verifier = await computeSrpVerifier({ poolName, userIdForSrp, password, salt, modPow });
    expect(verifier).toBe(await modPow(g, x, N));
    const server = await startSrpServer({ verifier, srpA: client.srpA, b, modPow });
    expect(server.srpB.startsWith('a9d53885cb0c8444')).toBe(true);
    expect(server.srpB.endsWith('026034e7efd23b84')).toBe(true);
    const B = hexToBigInt(server.srpB);

    const u = await computeU(A, B);
    expect(u.toString(16).padStart(64, '0')).toBe('5204afd0db89b79ddc466c7296aa5385c294fdd3577c9ffc9f03ecf23a85d12f');

    // Client-side S, then the same S from the server's formula.
    const base = (((B - k * (await modPow(g, x, N))) % N) + N) % N;
    const S = await modPow(base, a + u * x, N);
    expect(await modPow((A * (await modPow(verifier, u, N))) % N, b, N)).toBe(S);
    expect(createHash('sha256').update(Buffer.from(padHex(S), 'hex')).digest('hex')).toBe(
      '5a8994c0a7885fb9c39c4dbccbf292f752d367aabe885ac9f80f56ba930a3b39',
    );
    expect(bytesToHex(await deriveSrpKey(S, u))).toBe('0d8a762bc9b5102fb7724bd17a1e9b38');

    const answer = await client.respond({ poolName, userIdForSrp, password, salt, srpB: server.srpB, secretBlock, now });
    expect(answer).toEqual({
      signature: '781al09t21Wz7YPUmEeeZT53W7Lh2wRUwp5r4urJjHE=',
      timestamp: 'Tue Mar 5 09:04:07 UTC 2024',
    });
    expect(await server.verify({ poolName, userIdForSrp, secretBlock, ...answer })).toBe(true);
  });
});
