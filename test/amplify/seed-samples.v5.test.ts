// @vitest-environment node
/*
 * The reference: the same samples on aws-amplify v5 (5.3.x, the version the guide documents), put in the place
 * of the facade's module, against the local user pool over HTTP. v5 keeps module-level state and timers, so it
 * has this file (and this worker) to itself.
 */
import { vi } from 'vitest';
import { startLocalCognito } from '../../adapters/local-pool/local-cognito-server.js';
import { seedScenarios } from './seed-scenarios.js';

vi.mock('../../amplify.js', async () => {
  const v5 = await import('aws-amplify-v5');
  return { Auth: v5.Auth, Hub: v5.Hub, Amplify: v5.Amplify };
});

seedScenarios('v5', async () => {
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
}, 'aws-amplify v5 (over HTTP)');
