import { startLocalCognito, type LocalCognitoServer } from './local-cognito-server.js';
import { createLocalUserPool } from './local-user-pool.js';

export interface LocalCliResult extends LocalCognitoServer {
  userPoolId: string;
  clientId: string;
}

const USAGE = `Usage: cognito-auth-machine-local [--host 127.0.0.1] [--port 9229]

Starts a local Cognito user pool over HTTP with one seeded pool (email alias, custom:favorite_flavor,
MFA optional with TOTP and SMS) and one app client without a secret. Codes appear at /_local/messages.`;

function option(argv: readonly string[], name: string): string | undefined {
  const index = argv.indexOf(name);
  if (index >= 0) return argv[index + 1];
  const inline = argv.find((a) => a.startsWith(`${name}=`));
  return inline?.slice(name.length + 1);
}

/**
 * Runs the local user pool until SIGINT. Prints the endpoint, pool id and client id, one per line as
 * `key: value`, so scripts can read them. Resolves once the server listens; `close()` stops it.
 */
export async function main(argv: readonly string[] = process.argv.slice(2), out: (line: string) => void = console.log): Promise<LocalCliResult | undefined> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(USAGE);
    return undefined;
  }
  const port = Number(option(argv, '--port') ?? 9229);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid --port: ${option(argv, '--port')}`);
  const server = await startLocalCognito({ host: option(argv, '--host') ?? '127.0.0.1', port });
  const pool = await createLocalUserPool({
    cognito: server.cognito,
    pool: {
      PoolName: 'local',
      AliasAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
      MfaConfiguration: 'OPTIONAL',
      // SMS goes to the outbox; the role ARN is a placeholder that is never called.
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/local-sms', ExternalId: 'local' },
    },
    mfa: { MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } },
    client: { ClientName: 'local-web' },
  });
  out(`endpoint: ${server.endpoint}`);
  out(`userPoolId: ${pool.userPoolId}`);
  out(`clientId: ${pool.clientId}`);
  out(`messages: ${server.endpoint}/_local/messages`);
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  const close = async () => {
    process.off('SIGINT', stop);
    await server.close();
  };
  process.once('SIGINT', stop);
  return { ...server, close, userPoolId: pool.userPoolId, clientId: pool.clientId };
}
