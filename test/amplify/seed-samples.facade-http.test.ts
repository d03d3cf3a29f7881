import { startLocalCognito } from '@cognito-auth-machine/local-pool';
import { Auth } from '../../amplify.js';
import { accountScenarios } from './account-scenarios.js';
import { seedScenarios, type SeedTarget } from './seed-scenarios.js';

// The facade as an app configures it: no transport given, so the AWS SDK sends every call to `endpoint` over HTTP.
async function startOverHttp(): Promise<SeedTarget> {
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
}

seedScenarios('facade', startOverHttp, 'facade (AWS SDK over HTTP)');
accountScenarios(startOverHttp, 'facade (AWS SDK over HTTP)');
