import { startLocalCognito } from '@cognito-auth-machine/local-pool';
import { Auth } from '../../amplify.js';
import { seedScenarios } from './seed-scenarios.js';

// The facade as an app configures it: no transport given, so the AWS SDK sends every call to `endpoint` over HTTP.
seedScenarios('facade', async () => {
  const server = await startLocalCognito();
  return {
    cognito: server.cognito,
    configure(pool, authenticationFlowType) {
      Auth.configure({
        region: 'us-east-1',
        userPoolId: pool.userPoolId,
        userPoolWebClientId: pool.clientId,
        endpoint: server.endpoint,
        authenticationFlowType: authenticationFlowType ?? 'USER_SRP_AUTH',
      });
    },
    async close() {
      Auth.stop();
      await server.close();
    },
  };
}, 'facade (AWS SDK over HTTP)');
