import { exportJWK, importJWK, type JWK } from 'jose';
import type { ClientRecord, PoolKeys, PoolRecord } from './pool-records.js';
import { poolOf, type ServiceState, type StoredMessage } from './service-state.js';
import { poolKeys } from './token-issuer.js';

/**
 * A service's durable records as JSON: what a data folder holds and what `exportData` / `importData` carry. Records
 * are written generically (a `Map` becomes `{ "$map": [[key, value], ...] }`), so a new field on a pool, client or
 * user record, a `Map` inside one, or a new service-level collection listed in PERSISTED_COLLECTIONS is carried with
 * no further code. Sign-in sessions are not carried: they live three minutes and hold the SRP exchange in memory.
 */
export const SNAPSHOT_FORMAT = 'cognito-auth-machine/local-pool';
export const SNAPSHOT_VERSION = 1;

/** The service state's record collections (besides pools) kept across restarts: one line per kind of record. */
export const PERSISTED_COLLECTIONS = [
  'clients',
  'refreshTokens',
  'accessTokens',
  'revokedOrigins',
  'signedOut',
  'attempts',
] as const satisfies readonly (keyof ServiceState)[];

type CollectionName = (typeof PERSISTED_COLLECTIONS)[number];

export interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: Record<string, unknown>;
}

export interface PoolSnapshot {
  /** The pool record as JSON; its `clients` is the list of its client ids (the records are in `collections.clients`). */
  record: Record<string, unknown>;
  keys: { id: StoredKey; access: StoredKey };
}

export interface ServiceSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  /** Clock time of the snapshot, in ms. */
  savedAt: number;
  sequence: number;
  pools: PoolSnapshot[];
  collections: Partial<Record<CollectionName, Array<[string, unknown]>>>;
  outbox: StoredMessage[];
}

export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

/** JSON with Maps: every Map, at any depth, round-trips through `{ "$map": entries }`. */
export function toJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, v: unknown) => (v instanceof Map ? { $map: [...v.entries()] } : v)));
}

export function fromJson<T>(value: unknown): T {
  return JSON.parse(JSON.stringify(value), (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as { $map?: unknown }).$map)
      ? new Map((v as { $map: Array<[unknown, unknown]> }).$map)
      : v,
  ) as T;
}

async function storeKey(key: PoolKeys['id']): Promise<StoredKey> {
  return { kid: key.kid, privateJwk: await exportJWK(key.privateKey), publicJwk: key.publicJwk };
}

async function loadKey(key: StoredKey): Promise<PoolKeys['id']> {
  const privateKey = await importJWK(key.privateJwk, 'RS256', { extractable: true });
  if (!(privateKey instanceof CryptoKey)) throw new SnapshotError(`Key ${key.kid} is not an RSA private key.`);
  return { kid: key.kid, privateKey, publicJwk: key.publicJwk };
}

/** Does this record (keyed by `key` in its collection) belong to one of these pools? */
function belongsTo(key: string, value: unknown, poolIds: ReadonlySet<string>, subs: ReadonlySet<string>): boolean {
  const poolId = (value as { poolId?: unknown } | null)?.poolId;
  if (typeof poolId === 'string') return poolIds.has(poolId);
  // Records keyed by user sub (sign-out marks) or by `<operation>:<poolId>:<sub>` (attempt windows).
  return subs.has(key) || key.split(':').some((part) => poolIds.has(part) || subs.has(part));
}

/**
 * The service's durable records, or only one pool's (its clients, users, keys, tokens and outbox messages). Makes the
 * pools' signing keys first if they were never used.
 */
export async function takeSnapshot(state: ServiceState, userPoolId?: string): Promise<ServiceSnapshot> {
  const pools = userPoolId === undefined ? [...state.pools.values()] : [poolOf(state, userPoolId)];
  const poolIds = new Set(pools.map((pool) => pool.id));
  const subs = new Set(pools.flatMap((pool) => [...pool.users.values()].map((user) => user.sub)));
  const poolSnapshots: PoolSnapshot[] = [];
  for (const pool of pools) {
    const keys = await poolKeys(pool);
    const { keys: _keys, clients, ...record } = pool;
    poolSnapshots.push({
      record: { ...(toJson(record) as Record<string, unknown>), clients: [...clients.keys()] },
      keys: { id: await storeKey(keys.id), access: await storeKey(keys.access) },
    });
  }
  const collections: ServiceSnapshot['collections'] = {};
  for (const name of PERSISTED_COLLECTIONS) {
    const entries = [...(state[name] as Map<string, unknown>).entries()].filter(
      ([key, value]) => userPoolId === undefined || belongsTo(key, value, poolIds, subs),
    );
    collections[name] = toJson(entries) as Array<[string, unknown]>;
  }
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    savedAt: state.clock.now(),
    sequence: state.sequence,
    pools: poolSnapshots,
    collections,
    outbox: state.outbox.filter((message) => poolIds.has(message.userPoolId)).map((message) => ({ ...message })),
  };
}

function isKey(key: unknown): key is StoredKey {
  const stored = key as Partial<StoredKey> | undefined;
  return typeof stored?.kid === 'string' && typeof stored.privateJwk === 'object' && stored.privateJwk !== null && typeof stored.publicJwk === 'object';
}

/** Checks the shape of a snapshot read from a file or a request. */
export function checkSnapshot(value: unknown): ServiceSnapshot {
  const snapshot = value as Partial<ServiceSnapshot> | null;
  if (snapshot === null || typeof snapshot !== 'object' || snapshot.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError(`Not a local user pool snapshot (expected "format": "${SNAPSHOT_FORMAT}").`);
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new SnapshotError(`Snapshot version ${String(snapshot.version)} is not supported (this pool reads version ${SNAPSHOT_VERSION}).`);
  }
  if (!Array.isArray(snapshot.pools) || !Array.isArray(snapshot.outbox) || typeof snapshot.collections !== 'object' || snapshot.collections === null) {
    throw new SnapshotError('Snapshot is missing pools, collections or outbox.');
  }
  // Checked before anything is changed, so a bad snapshot leaves the service as it was.
  for (const pool of snapshot.pools as unknown[]) {
    const { record, keys } = (pool ?? {}) as Partial<PoolSnapshot>;
    if (typeof record?.id !== 'string' || typeof record.name !== 'string' || !isKey(keys?.id) || !isKey(keys?.access)) {
      throw new SnapshotError('Every pool in a snapshot needs a record with an id and a name, and its id and access keys.');
    }
  }
  for (const [name, entries] of Object.entries(snapshot.collections)) {
    if (!Array.isArray(entries) || !entries.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string')) {
      throw new SnapshotError(`Snapshot collection ${name} must be a list of [key, record] pairs.`);
    }
  }
  return snapshot as ServiceSnapshot;
}

/**
 * Puts a snapshot's records into the service. Pools in the snapshot replace pools of the same id (with their
 * clients, users and tokens); other pools stay. Synchronous but for the keys, which are imported in the background
 * (a pool's keys are a promise that signing awaits anyway).
 */
export function restoreSnapshot(state: ServiceState, snapshot: ServiceSnapshot): void {
  checkSnapshot(snapshot);
  const incoming = new Set(snapshot.pools.map((pool) => String(pool.record.id)));
  dropPools(state, incoming);
  for (const name of PERSISTED_COLLECTIONS) {
    const target = state[name] as Map<string, unknown>;
    for (const [key, value] of fromJson<Array<[string, unknown]>>(snapshot.collections[name] ?? [])) target.set(key, value);
  }
  let keyIndex = Math.max(-1, ...[...state.pools.values()].map((pool) => pool.keyIndex));
  for (const { record, keys } of snapshot.pools) {
    const pool = fromJson<PoolRecord>({ ...record, clients: [] });
    pool.clients = new Map();
    for (const clientId of (record.clients as string[] | undefined) ?? []) {
      const client = state.clients.get(clientId) as ClientRecord | undefined;
      if (client) pool.clients.set(clientId, client);
    }
    pool.keyIndex = ++keyIndex;
    pool.keys = Promise.all([loadKey(keys.id), loadKey(keys.access)]).then(([id, access]) => ({ id, access }));
    // Reported when the pool first signs or publishes its keys; this keeps an unused pool from an unhandled rejection.
    pool.keys.catch(() => undefined);
    state.pools.set(pool.id, pool);
  }
  state.outbox.push(...snapshot.outbox.map((message) => ({ ...message })));
  state.outbox.sort((a, b) => a.at - b.at);
  state.sequence = Math.max(state.sequence, snapshot.sequence);
}

/** Removes pools and every record that belongs to them. */
export function dropPools(state: ServiceState, poolIds: ReadonlySet<string>): void {
  const subs = new Set<string>();
  for (const id of poolIds) for (const user of state.pools.get(id)?.users.values() ?? []) subs.add(user.sub);
  for (const id of poolIds) state.pools.delete(id);
  for (const name of PERSISTED_COLLECTIONS) {
    const target = state[name] as Map<string, unknown>;
    for (const [key, value] of target) if (belongsTo(key, value, poolIds, subs)) target.delete(key);
  }
  for (const [id, session] of state.sessions) if (poolIds.has(session.poolId)) state.sessions.delete(id);
  state.outbox = state.outbox.filter((message) => !poolIds.has(message.userPoolId));
}
