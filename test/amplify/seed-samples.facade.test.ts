import { createLocalCognito, localTransport } from '@cognito-auth-machine/local-pool';
import { Auth } from '../../amplify.js';
import { accountScenarios } from './account-scenarios.js';
import { seedScenarios, type SeedTarget } from './seed-scenarios.js';

// The facade in process: every Cognito call goes through localTransport into the local user pool.
async function startInProcess(): Promise<SeedTarget> {
  const cognito = createLocalCognito();
  return {
    cognito,
    configure(pool, authenticationFlowType) {
      Auth.configure({
        userPoolId: pool.userPoolId,
        userPoolWebClientId: pool.clientId,
        transport: localTransport(pool),
        // configure merges with the earlier options, as v5's did: name the flow every time.
        authenticationFlowType: authenticationFlowType ?? 'USER_SRP_AUTH',
      });
    },
    async close() {
      Auth.stop();
    },
  };
}

seedScenarios('facade', startInProcess, 'facade (in process)');
accountScenarios(startInProcess, 'facade (in process)');
