import type { DiffieHellman } from 'node:crypto';
import { bytesToBigInt, N } from './srp-group.js';
import { hexToBytes } from '../bytes.js';
import { prepareModPow, windowedModPow, type SyncModPow } from './mod-pow.js';

/*
 * OpenSSL's constant-time Montgomery exponentiation, reached through node:crypto's Diffie–Hellman object for
 * the SRP group: with private key e, generateKeys() yields 2^e mod N and computeSecret(y) yields y^e mod N.
 * The group is RFC 3526's, which OpenSSL recognises by value, so creating the object skips the primality checks
 * that any other prime would trigger (seconds for 3072 bits). Other moduli therefore use the BigInt engine.
 * node:crypto is imported through a variable so that browser bundles neither resolve nor include it.
 */

type NodeCrypto = typeof import('node:crypto');

function toBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return hexToBytes(hex);
}

function fromBytes(bytes: Uint8Array): bigint {
  return bytesToBigInt(bytes);
}

export function createNodeModPow(nodeCrypto: NodeCrypto): SyncModPow {
  let group: DiffieHellman | undefined;
  return (base, exponent, modulus) => {
    const prepared = prepareModPow(base, exponent, modulus);
    if (typeof prepared !== 'bigint') return prepared.result;
    if (modulus !== N) return windowedModPow(prepared, exponent, modulus);
    // OpenSSL refuses peer values outside 2 … N−2 (it checks them as public keys); (N−1)^e is ±1.
    if (prepared === N - 1n) return (exponent & 1n) === 1n ? N - 1n : 1n;
    group ??= nodeCrypto.createDiffieHellman(toBytes(N), Uint8Array.of(2));
    group.setPrivateKey(toBytes(exponent));
    if (prepared === 2n) {
      group.generateKeys();
      return fromBytes(group.getPublicKey());
    }
    try {
      return fromBytes(group.computeSecret(toBytes(prepared)));
    } catch {
      // OpenSSL refuses to return a shared secret of 1 (or N−1); legitimate here, so compute it in JavaScript.
      return windowedModPow(prepared, exponent, modulus);
    }
  };
}

/** Known answers a working engine must reproduce; catches runtimes whose node:crypto shim computes something else. */
function passesSelfCheck(modPow: SyncModPow): boolean {
  const cases: Array<[bigint, bigint, bigint]> = [
    [2n, 5n, 32n],
    [3n, 3n, 27n],
    [N - 2n, 2n, 4n],
    [2n, 3071n, 1n << 3071n],
  ];
  return cases.every(([base, exponent, expected]) => modPow(base, exponent, N) === expected);
}

let loading: Promise<SyncModPow | null> | undefined;

/** The OpenSSL engine, or null where node:crypto (or its Diffie–Hellman) is missing or misbehaves. */
export function loadNodeModPow(): Promise<SyncModPow | null> {
  loading ??= (async () => {
    // Node, Deno and Bun have a `process`; a browser does not, and asked for node:crypto anyway it fetches the
    // name as a URL, which prints a CORS or resolution error in its console.
    if (typeof process != 'object') return null;
    try {
      const specifier = 'node:crypto';
      const nodeCrypto = (await import(/* @vite-ignore */ specifier)) as NodeCrypto;
      if (typeof nodeCrypto.createDiffieHellman !== 'function') return null;
      const modPow = createNodeModPow(nodeCrypto);
      return passesSelfCheck(modPow) ? modPow : null;
    } catch {
      return null;
    }
  })();
  return loading;
}
