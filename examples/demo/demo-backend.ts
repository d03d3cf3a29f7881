import { createLocalCognito, startLocalCognito, type LocalCognitoServer } from '@cognito-auth-machine/local-pool';
import { DEMO_PASSWORD, DEMO_TEMPORARY_PASSWORD, createDemoPool, reopenDemoPool, type DemoPool } from '../demo-pool.js';
import { allowDemoPages, ensureDemoManagedLogin } from '../demo-oauth.js';
import { DEMO_PASSWORDLESS_USERS, ensureDemoPasswordless } from '../demo-passwordless.js';
import type { DemoConfig } from './src/demo-config.js';

/** The port `npm start` prefers for the local user pool, so that a bookmarked page keeps working. */
export const PREFERRED_POOL_PORT = 9229;

export interface DemoBackend {
  server: LocalCognitoServer;
  demo: DemoPool;
  config: DemoConfig;
  /** Registers a page address the main pool's managed login may send the browser back to. */
  allowPages(pageUrls: readonly string[]): Promise<void>;
}

function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/**
 * The local user pool over HTTP on 127.0.0.1, seeded with the demo pool. `port` 0 takes any free port. With
 * `dataDir`, the pool keeps its users across restarts and is seeded only the first time.
 */
export async function startDemoBackend(options: { port?: number; dataDir?: string } = {}): Promise<DemoBackend & { reopened: boolean }> {
  const cognito = createLocalCognito(options.dataDir !== undefined ? { dataDir: options.dataDir } : {});
  let server: LocalCognitoServer;
  try {
    server = await startLocalCognito({ cognito, port: options.port ?? PREFERRED_POOL_PORT });
  } catch (error) {
    if (options.port !== undefined || !isAddressInUse(error)) throw error;
    server = await startLocalCognito({ cognito, port: 0 });
  }
  const reopened = options.dataDir !== undefined ? await reopenDemoPool(cognito) : undefined;
  const demo = reopened ?? (await createDemoPool(cognito));
  const { users } = demo;
  const domain = await ensureDemoManagedLogin(demo.pool);
  await ensureDemoPasswordless(demo.pool, DEMO_PASSWORD);
  const config: DemoConfig = {
    endpoint: server.endpoint,
    userPoolId: demo.pool.userPoolId,
    userPoolClientId: demo.pool.clientId,
    users: [
      { username: users.sms, flow: 'SMS MFA: the code arrives in the outbox', password: DEMO_PASSWORD },
      { username: users.totp, flow: 'TOTP MFA: the code is in the Authenticator panel', password: DEMO_PASSWORD },
      { username: users.quiz, flow: 'Custom challenge: a quiz, no password', authFlow: 'CUSTOM_WITHOUT_SRP' },
      { username: users.newPassword, flow: 'Admin-created: must choose a new password', password: DEMO_TEMPORARY_PASSWORD },
      { username: users.choice, flow: 'SMS and TOTP: chooses which factor', password: DEMO_PASSWORD },
      { username: users.setup, flow: 'MFA required: sets up an authenticator app', password: DEMO_PASSWORD, pool: 'mfaRequired' },
      { username: DEMO_PASSWORDLESS_USERS.otp, flow: 'Passwordless: a code by email or text, or Cognito offers the choice', password: DEMO_PASSWORD },
      { username: DEMO_PASSWORDLESS_USERS.passkey, flow: 'Passkeys: add one in Settings, then sign in with it', password: DEMO_PASSWORD },
    ],
    pools: {
      mfaRequired: { userPoolId: demo.mfaRequired.userPoolId, userPoolClientId: demo.mfaRequired.clientId, label: 'MFA required' },
    },
    authenticators: [
      { username: users.totp, secret: users.totpSecret },
      { username: users.choice, secret: users.choiceTotpSecret },
    ].filter((authenticator) => authenticator.secret !== ''),
    oauth: { domain: `${server.endpoint}/${domain}` },
  };
  const allowPages = (pageUrls: readonly string[]) => allowDemoPages(demo.pool, pageUrls);
  return { server, demo, config, allowPages, reopened: reopened !== undefined };
}
