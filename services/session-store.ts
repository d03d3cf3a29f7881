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

const isPending = (value: unknown): boolean => typeof (value as { then?: unknown } | null)?.then === 'function';

function storedOf(username: string | null | undefined, values: (string | null | undefined)[]): StoredTokens | null {
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

/** The tokens of one app client in a TokenStorage; a class, so that each actor's store is two fields. */
class KeyedSessionStore implements SessionStore {
  constructor(
    private readonly storage: TokenStorage,
    private readonly clientId: string,
  ) {}

  private get lastUserKey(): string {
    return `${PREFIX}.${this.clientId}.LastAuthUser`;
  }

  private key(username: string, name: (typeof TOKEN_KEYS)[number]): string {
    return `${PREFIX}.${this.clientId}.${username}.${name}`;
  }

  private async removeUser(username: string): Promise<void> {
    await Promise.all(TOKEN_KEYS.map((name) => this.storage.removeItem(this.key(username, name))));
  }

  loadNow(): StoredTokens | null | undefined {
    try {
      const username = this.storage.getItem(this.lastUserKey);
      if (isPending(username)) return undefined;
      if (!username) return null;
      const values = TOKEN_KEYS.map((name) => this.storage.getItem(this.key(username as string, name)));
      if (values.some(isPending)) return undefined;
      return storedOf(username as string, values as (string | null | undefined)[]);
    } catch {
      return undefined;
    }
  }

  async load(): Promise<StoredTokens | null> {
    const username = await this.storage.getItem(this.lastUserKey);
    if (!username) return null;
    return storedOf(username, await Promise.all(TOKEN_KEYS.map((name) => this.storage.getItem(this.key(username, name)))));
  }

  async save(tokens: StoredTokens): Promise<void> {
    const { storage } = this;
    try {
      const previous = await storage.getItem(this.lastUserKey);
      // LastAuthUser goes last and comes off first: it is what makes the other keys a session.
      await storage.removeItem(this.lastUserKey);
      if (previous && previous !== tokens.username) await this.removeUser(previous);
      await storage.setItem(this.key(tokens.username, 'idToken'), tokens.idToken);
      await storage.setItem(this.key(tokens.username, 'accessToken'), tokens.accessToken);
      if (tokens.refreshToken) await storage.setItem(this.key(tokens.username, 'refreshToken'), tokens.refreshToken);
      else await storage.removeItem(this.key(tokens.username, 'refreshToken'));
      await storage.setItem(this.key(tokens.username, 'clockDrift'), String(tokens.clockDrift));
      await storage.setItem(this.lastUserKey, tokens.username);
    } catch (cause) {
      await Promise.resolve()
        .then(() => storage.removeItem(this.lastUserKey))
        .then(() => this.removeUser(tokens.username))
        .catch(() => undefined);
      throw storageError(cause);
    }
  }

  async clear(): Promise<void> {
    try {
      const username = await this.storage.getItem(this.lastUserKey);
      await this.storage.removeItem(this.lastUserKey);
      if (username) await this.removeUser(username);
    } catch (cause) {
      throw storageError(cause);
    }
  }
}

export function sessionStore(storage: TokenStorage, clientId: string): SessionStore {
  return new KeyedSessionStore(storage, clientId);
}
