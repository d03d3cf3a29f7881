import { createLocalCognito, localTransport } from '@cognito-auth-machine/local-pool';
import { Auth } from '../../amplify.js';
import { seedScenarios } from './seed-scenarios.js';

// The facade in process: every Cognito call goes through localTransport into the local user pool.
seedScenarios('facade', async () => {
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
}, 'facade (in process)');
