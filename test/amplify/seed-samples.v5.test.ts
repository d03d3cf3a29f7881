// @vitest-environment node
/*
 * The reference: the same samples on aws-amplify v5 (5.3.x, the version the guide documents), put in the place
 * of the facade's module, against the local user pool over HTTP. v5 keeps module-level state and timers, so it
 * has this file (and this worker) to itself.
 */
import { describe, expect, it, vi } from 'vitest';
import { createLocalUserPool, startLocalCognito } from '@cognito-auth-machine/local-pool';
import { AmplifyAuth } from '../../amplify-facade/amplify-auth.js';
import { AmplifyHub } from '../../amplify-facade/amplify-hub.js';
import { createAuth } from '../../index.js';
import { accountScenarios } from './account-scenarios.js';
import { seedScenarios, type SeedTarget } from './seed-scenarios.js';

vi.mock('../../amplify.js', async () => {
  const v5 = await import('aws-amplify-v5');
  return { Auth: v5.Auth, Hub: v5.Hub, Amplify: v5.Amplify };
});

async function startV5(): Promise<SeedTarget> {
  const { Amplify } = await import('aws-amplify-v5');
  const server = await startLocalCognito();
  return {
    cognito: server.cognito,
    configure(pool, authenticationFlowType) {
      Amplify.configure({
        Auth: {
          region: 'us-east-1',
          userPoolId: pool.userPoolId,
          userPoolWebClientId: pool.clientId,
          endpoint: server.endpoint,
          // Amplify.configure merges with the earlier configuration: name the flow every time.
          authenticationFlowType: authenticationFlowType ?? 'USER_SRP_AUTH',
        },
      });
    },
    close: () => server.close(),
  };
}

seedScenarios('v5', startV5, 'aws-amplify v5 (over HTTP)');
accountScenarios(startV5, 'aws-amplify v5 (over HTTP)');

/** A Web-Storage-shaped store both libraries accept (v5 also wants `clear`). */
class MapStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  clear(): void {
    this.items.clear();
  }
}

describe('moving an app from v5 to the facade', () => {
  it('a user signed in by v5 is still signed in after the switch: same storage keys, no new sign-in', async () => {
    const { Amplify, Auth: V5Auth } = await import('aws-amplify-v5');
    const server = await startLocalCognito();
    const storage = new MapStorage();
    const facade = new AmplifyAuth(new AmplifyHub(), createAuth);
    try {
      const pool = await createLocalUserPool({ cognito: server.cognito });
      await pool.admin.createUser('vic', { attributes: [{ Name: 'email', Value: 'vic@example.com' }], suppress: true });
      await pool.admin.setPassword('vic', 'Passw0rd!', true);
      const config = { region: 'us-east-1', userPoolId: pool.userPoolId, userPoolWebClientId: pool.clientId, endpoint: server.endpoint };
      Amplify.configure({ Auth: { ...config, authenticationFlowType: 'USER_SRP_AUTH', storage } });
      await V5Auth.signIn('vic', 'Passw0rd!');
      const v5Session = await V5Auth.currentSession();
      expect([...storage.items.keys()]).toContain(`CognitoIdentityServiceProvider.${pool.clientId}.LastAuthUser`);

      facade.configure({ ...config, storage });
      const user = await facade.currentAuthenticatedUser();
      expect(user.username).toBe('vic');
      const session = await facade.currentSession();
      expect(session.getAccessToken().getJwtToken()).toBe(v5Session.getAccessToken().getJwtToken());
      expect(session.getRefreshToken().getToken()).toBe(v5Session.getRefreshToken().getToken());

      await facade.signOut();
      expect(storage.items.get(`CognitoIdentityServiceProvider.${pool.clientId}.LastAuthUser`)).toBeUndefined();
    } finally {
      facade.stop();
      await server.close();
    }
  });
});
