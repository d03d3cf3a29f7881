import { bigIntModPow, type SyncModPow } from './mod-pow.js';

/*
 * Its own module, apart from the engines: the Node engine builds on mod-pow.ts, so choosing between the two from
 * inside mod-pow.ts made the two modules import each other.
 */

/** OpenSSL through node:crypto when the runtime has it (and it passes a self-check), else {@link bigIntModPow}. */
export async function selectModPow(): Promise<SyncModPow> {
  const { loadNodeModPow } = await import('./mod-pow-node.js');
  return (await loadNodeModPow()) ?? bigIntModPow;
}
