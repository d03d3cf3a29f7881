import type { AuthFlow } from '../machines/auth-flow.js';
import type { TokenStorage } from '../services/token-storage.js';
import type { Transport } from '../services/transport.js';
import type { AuthConfig, CreateAuthOptions } from '../runtime/create-auth.js';
import { tabSync } from '../runtime/tab-sync.js';
import { webStorage, webStorageArea } from '../adapters/web-storage.js';

/** `Auth.configure(...)`'s options: v5's names for the user-pool part, plus `transport` (not in v5). */
export interface AmplifyAuthOptions {
  userPoolId: string;
  userPoolWebClientId: string;
  region?: string;
  /** A local user pool or cognito-local, e.g. `http://127.0.0.1:9229`. */
  endpoint?: string;
  authenticationFlowType?: 'USER_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'CUSTOM_AUTH';
  /** A Web-Storage-shaped store (AsyncStorage, a cookie store, …); default `localStorage` where there is one, as v5. */
  storage?: TokenStorage;
  /** Sent to Cognito's Lambda triggers with every call that takes it, unless the call gives its own. */
  clientMetadata?: Record<string, string>;
  /** Not in v5: how Cognito calls are sent (e.g. `localTransport(pool)` in tests); default the AWS SDK. */
  transport?: Transport;
}

/** What `Amplify.configure` and `Auth.configure` take: the options, or an object with them under `Auth`. */
export type AmplifyConfigureInput = Partial<AmplifyAuthOptions> | { Auth: Partial<AmplifyAuthOptions> };

export function authOptionsOf(input: AmplifyConfigureInput): Partial<AmplifyAuthOptions> {
  return 'Auth' in input && input.Auth && typeof input.Auth === 'object' ? input.Auth : (input as Partial<AmplifyAuthOptions>);
}

/** v5's CUSTOM_AUTH with a password starts with SRP (identity-js sends CHALLENGE_NAME: SRP_A). */
export function defaultAuthFlow(options: Partial<AmplifyAuthOptions>): AuthFlow {
  switch (options.authenticationFlowType) {
    case 'USER_PASSWORD_AUTH':
      return 'USER_PASSWORD_AUTH';
    case 'CUSTOM_AUTH':
      return 'CUSTOM_WITH_SRP';
    default:
      return 'USER_SRP_AUTH';
  }
}

export function authConfigOf(options: Partial<AmplifyAuthOptions>): AuthConfig {
  return {
    userPoolId: options.userPoolId ?? '',
    userPoolClientId: options.userPoolWebClientId ?? '',
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    authFlow: defaultAuthFlow(options),
    ...(options.storage ? { storage: options.storage } : defaultStorage()),
    ...(options.transport ? { transport: options.transport } : {}),
  };
}

/** v5 kept sessions in `localStorage` in browsers (so a reload stays signed in) and in memory elsewhere. */
function defaultStorage(): { storage?: TokenStorage } {
  const local = (globalThis as { localStorage?: Storage }).localStorage;
  return local && typeof local.getItem === 'function' ? { storage: webStorage(local) } : {};
}

/**
 * v5's sessions in `localStorage` are shared by the tabs of an origin, and a sign-in or sign-out in one shows in
 * the others: over `localStorage`, the facade keeps the tabs in step.
 */
export function createAuthOptionsOf(config: AuthConfig): CreateAuthOptions {
  const area = config.storage ? webStorageArea(config.storage) : undefined;
  const local = (globalThis as { localStorage?: Storage }).localStorage;
  return area !== undefined && area === local ? { tabSync: tabSync() } : {};
}
