import { createActor, type ActorRefFrom, type InspectionEvent, type Observer, type Snapshot } from 'xstate';
import { AuthError } from '../machines/auth-error.js';
import type { AuthFlow } from '../machines/auth-events.js';
import { authMachine } from '../machines/auth-machine.js';
import { parseAuthConfig, type AuthConfigData } from '../machines/config-schema.js';
import { createAuthServices } from '../services/auth-services.js';
import type { TokenStorage } from '../services/token-storage.js';
import type { Transport } from '../services/transport.js';
import { redactingInspector } from './inspect/redacting-inspector.js';
import { memoryStorage } from './memory-storage.js';
import { keepTokensOutOfPersistedSnapshots } from './tokenless-persistence.js';

export interface AuthConfig {
  /** `us-east-1_AbCdEf123`; the region is read from it unless `region` is given. */
  userPoolId: string;
  userPoolClientId: string;
  region?: string;
  /** A local user pool or cognito-local, e.g. `http://127.0.0.1:9229`; omit for Amazon Cognito. */
  endpoint?: string;
  /** Server-side apps only: adds SECRET_HASH to every request that needs it. */
  clientSecret?: string;
  /** The flow SIGN_IN uses unless the event names one. */
  authFlow?: AuthFlow;
  /** How Cognito calls are sent; the root entry defaults to the AWS SDK. */
  transport?: Transport;
  /** Where tokens are kept; default in memory. In browsers: `webStorage(localStorage)`. */
  storage?: TokenStorage;
  /** Cognito's AuthSessionValidity for this app client, if not the default 3 minutes. */
  challengeSessionMs?: number;
}

export type InspectionObserver = Observer<InspectionEvent> | ((event: InspectionEvent) => void);

export interface CreateAuthOptions {
  /**
   * An XState inspection observer (e.g. `createBrowserInspector().inspect`). It receives every inspection event
   * with passwords, codes, answers, sessions, tokens and other secrets replaced by "[redacted]".
   */
  inspect?: InspectionObserver;
  /** A snapshot from `auth.getPersistedSnapshot()` to resume from. */
  snapshot?: Snapshot<unknown>;
}

export type AuthActor = ActorRefFrom<typeof authMachine>;

export interface AuthFactoryDefaults {
  transport?: (config: AuthConfigData & { region: string }) => Transport;
  defaultAuthFlow: AuthFlow;
}

/** Builds `createAuth` for an entry point, which decides the default transport. */
export function authFactory(defaults: AuthFactoryDefaults) {
  return function createAuth(config: AuthConfig, options: CreateAuthOptions = {}): AuthActor {
    const { transport: givenTransport, storage: givenStorage, ...data } = config ?? ({} as AuthConfig);
    const parsed = parseAuthConfig(data);
    const transport = givenTransport ?? defaults.transport?.(parsed);
    if (!transport) {
      throw new AuthError('ValidationError', 'Invalid auth config: transport is required by this entry point', {
        fields: [{ path: 'transport', message: 'is required (e.g. fetchTransport({ region }))' }],
      });
    }
    const services = createAuthServices({
      transport,
      storage: givenStorage ?? memoryStorage(),
      userPoolId: parsed.userPoolId,
      clientId: parsed.userPoolClientId,
      ...(parsed.clientSecret ? { clientSecret: parsed.clientSecret } : {}),
      ...(parsed.challengeSessionMs ? { challengeSessionMs: parsed.challengeSessionMs } : {}),
    });
    const machine = keepTokensOutOfPersistedSnapshots(authMachine.provide({ actors: services }));
    const actor = createActor(machine, {
      input: { authFlow: parsed.authFlow ?? defaults.defaultAuthFlow },
      ...(options.inspect ? { inspect: redactingInspector(options.inspect) } : {}),
      ...(options.snapshot ? { snapshot: options.snapshot as never } : {}),
    });
    actor.start();
    return actor;
  };
}
