import type { LocalCognitoServer } from '@cognito-auth-machine/local-pool';

/**
 * Counts the requests a local user pool's server receives: its `send` is called once per request the HTTP server
 * understood. `count(work)` runs `work` and gives the operations received meanwhile, in order, so that setup done
 * outside it is not counted.
 */
export function requestCounter(server: LocalCognitoServer): { count(work: () => Promise<unknown>): Promise<string[]> } {
  const log: string[] = [];
  const send = server.cognito.send.bind(server.cognito);
  server.cognito.send = (operation, input) => {
    log.push(operation);
    return send(operation, input);
  };
  return {
    async count(work) {
      const start = log.length;
      await work();
      return log.slice(start);
    },
  };
}
