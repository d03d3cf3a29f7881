import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { startLocalCognito, type LocalCognitoServer, type LocalCognitoServerOptions } from '../src/local-cognito-server.js';

export const PASSWORD = 'Passw0rd!';

export interface Harness {
  server: LocalCognitoServer;
  sdk: CognitoIdentityProviderClient;
  close(): Promise<void>;
  /** A pool and one app client on it. */
  pool(
    pool?: Partial<CreateUserPoolCommandInput>,
    client?: Partial<CreateUserPoolClientCommandInput>,
  ): Promise<{ userPoolId: string; clientId: string }>;
  /** A confirmed user with PASSWORD and the given attributes. */
  user(userPoolId: string, username: string, attributes?: Record<string, string>): Promise<void>;
}

/** The AWS SDK client pointed at a local pool server, as an app's backend would make it (no retries, so a refusal is seen as it is). */
export function sdkClientFor(endpoint: string): CognitoIdentityProviderClient {
  return new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

/** A local pool server on 127.0.0.1 (port 0) and the AWS SDK client pointed at it. */
export async function startHarness(options: LocalCognitoServerOptions = {}): Promise<Harness> {
  const server = await startLocalCognito({ ...options, host: '127.0.0.1', port: 0 });
  const sdk = sdkClientFor(server.endpoint);
  return {
    server,
    sdk,
    async close() {
      sdk.destroy();
      await server.close();
    },
    async pool(pool = {}, client = {}) {
      const created = await sdk.send(new CreateUserPoolCommand({ PoolName: 'ops', ...pool }));
      const userPoolId = created.UserPool!.Id!;
      const app = await sdk.send(new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'app',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
        ...client,
      }));
      return { userPoolId, clientId: app.UserPoolClient!.ClientId! };
    },
    async user(userPoolId, username, attributes = {}) {
      await sdk.send(new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
      }));
      await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: username, Password: PASSWORD, Permanent: true }));
    },
  };
}
