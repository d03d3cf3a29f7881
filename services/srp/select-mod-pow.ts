import { bigIntModPow, type SyncModPow } from './mod-pow.js';

/**
 * OpenSSL through node:crypto when the runtime has it (and it passes a self-check), else {@link bigIntModPow}.
 * Apart from both engines, so that the OpenSSL one can build on the JavaScript one without either importing the other
 * back.
 */
export async function selectModPow(): Promise<SyncModPow> {
  const { loadNodeModPow } = await import('./mod-pow-node.js');
  return (await loadNodeModPow()) ?? bigIntModPow;
}
