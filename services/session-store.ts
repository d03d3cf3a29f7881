import { AuthError } from '../machines/auth-error.js';
import type { TokenStorage } from './token-storage.js';

/** What is kept between loads, under Amplify v6's keys so that an app moving from Amplify keeps its users signed in. */
export interface StoredTokens {
  username: string;
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  clockDrift: number;
}

const PREFIX = 'CognitoIdentityServiceProvider';
const TOKEN_KEYS = ['idToken', 'accessToken', 'refreshToken', 'clockDrift'] as const;

export interface SessionStore {
  load(): Promise<StoredTokens | null>;
  /** What storage holds, read at once; undefined when the storage answers asynchronously. */
  loadNow(): StoredTokens | null | undefined;
  /** All or nothing: a failed write removes what it wrote and leaves no session behind. */
  save(tokens: StoredTokens): Promise<void>;
  clear(): Promise<void>;
}

function storageError(cause: unknown): AuthError {
  if (cause instanceof AuthError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new AuthError('StorageError', `Token storage failed: ${message}`, { cause });
}

export function sessionStore(storage: TokenStorage, clientId: string): SessionStore {
  const lastUserKey = `${PREFIX}.${clientId}.LastAuthUser`;
  const key = (username: string, name: (typeof TOKEN_KEYS)[number]) => `${PREFIX}.${clientId}.${username}.${name}`;

  async function removeUser(username: string): Promise<void> {
    await Promise.all(TOKEN_KEYS.map((name) => storage.removeItem(key(username, name))));
  }

  const isPending = (value: unknown): boolean => typeof (value as { then?: unknown } | null)?.then === 'function';

  function stored(username: string | null | undefined, values: (string | null | undefined)[]): StoredTokens | null {
    if (!username) return null;
    const [idToken, accessToken, refreshToken, clockDrift] = values;
    if (!idToken || !accessToken) return null;
    const drift = Number.parseInt(clockDrift ?? '0', 10);
    return {
      username,
      idToken,
      accessToken,
      ...(refreshToken ? { refreshToken } : {}),
      clockDrift: Number.isFinite(drift) ? drift : 0,
    };
  }

  return {
    loadNow() {
      try {
        const username = storage.getItem(lastUserKey);
        if (isPending(username)) return undefined;
        if (!username) return null;
        const values = TOKEN_KEYS.map((name) => storage.getItem(key(username as string, name)));
        if (values.some(isPending)) return undefined;
        return stored(username as string, values as (string | null | undefined)[]);
      } catch {
        return undefined;
      }
    },

    async load() {
      const username = await storage.getItem(lastUserKey);
      if (!username) return null;
      return stored(username, await Promise.all(TOKEN_KEYS.map((name) => storage.getItem(key(username, name)))));
    },

    async save(tokens) {
      try {
        const previous = await storage.getItem(lastUserKey);
        // LastAuthUser goes last and comes off first: it is what makes the other keys a session.
        await storage.removeItem(lastUserKey);
        if (previous && previous !== tokens.username) await removeUser(previous);
        await storage.setItem(key(tokens.username, 'idToken'), tokens.idToken);
        await storage.setItem(key(tokens.username, 'accessToken'), tokens.accessToken);
        if (tokens.refreshToken) await storage.setItem(key(tokens.username, 'refreshToken'), tokens.refreshToken);
        else await storage.removeItem(key(tokens.username, 'refreshToken'));
        await storage.setItem(key(tokens.username, 'clockDrift'), String(tokens.clockDrift));
        await storage.setItem(lastUserKey, tokens.username);
      } catch (cause) {
        await Promise.resolve()
          .then(() => storage.removeItem(lastUserKey))
          .then(() => removeUser(tokens.username))
          .catch(() => undefined);
        throw storageError(cause);
      }
    },

    async clear() {
      try {
        const username = await storage.getItem(lastUserKey);
        await storage.removeItem(lastUserKey);
        if (username) await removeUser(username);
      } catch (cause) {
        throw storageError(cause);
      }
    },
  };
}
