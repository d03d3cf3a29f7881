import { startLocalCognito, type LocalCognitoServer } from './local-cognito-server.js';
import { createLocalUserPool } from './local-user-pool.js';

export interface LocalCliResult extends LocalCognitoServer {
  userPoolId: string;
  clientId: string;
}

const USAGE = `Usage: cognito-auth-machine-local [--host 127.0.0.1] [--port 9229]
                                  [--allow-origin <origin>]... [--allow-host <name>]... [--https]
                                  [--data <dir>]

Starts a local Cognito user pool over HTTP with one seeded pool (email alias, custom:favorite_flavor,
MFA optional with TOTP and SMS) and one app client without a secret. Codes appear at /_local/messages.

  --host           address to listen on (default 127.0.0.1, loopback only)
  --port           port (default 9229, 0 for any free one)
  --allow-origin   a web origin (scheme://host[:port]) whose pages may call the pool, besides
                   http(s)://localhost, 127.0.0.1 and [::1] on any port; repeat it or separate
                   origins with commas; * allows every origin
  --allow-host     a Host header name (or name:port) to answer, besides loopback names and the
                   --host address; repeat it or separate names with commas; * answers any
  --https          serve over HTTPS with a self-signed certificate made at start; prints the
                   certificate's path, for NODE_EXTRA_CA_CERTS or your trust store
  --data           a folder that keeps pools, users, keys, tokens and the outbox across restarts
                   (created if missing; delete it to start empty). Without it, all is in memory.
                   The seeded pool is created only when the folder holds no pool yet.`;

function option(argv: readonly string[], name: string): string | undefined {
  return options(argv, name)[0];
}

/** Every value of a repeatable option (`--name v`, `--name=v`), commas splitting one value into several. */
function options(argv: readonly string[], name: string): string[] {
  const values: string[] = [];
  argv.forEach((arg, index) => {
    if (arg === name && argv[index + 1] !== undefined) values.push(argv[index + 1]!);
    else if (arg.startsWith(`${name}=`)) values.push(arg.slice(name.length + 1));
  });
  return values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** The pool a data folder kept from an earlier run: the first pool and its first client. */
async function seededPoolOf(server: LocalCognitoServer): Promise<{ userPoolId: string; clientId: string } | undefined> {
  const [kept] = (await server.cognito.exportData()).pools;
  const clientId = (kept?.record.clients as string[] | undefined)?.[0];
  return kept && clientId ? { userPoolId: String(kept.record.id), clientId } : undefined;
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
  const dataDir = option(argv, '--data');
  const server = await startLocalCognito({
    host: option(argv, '--host') ?? '127.0.0.1',
    port,
    allowedOrigins: options(argv, '--allow-origin'),
    allowedHosts: options(argv, '--allow-host'),
    ...(argv.includes('--https') ? { https: true } : {}),
    ...(dataDir !== undefined ? { dataDir } : {}),
  });
  const pool = (await seededPoolOf(server)) ?? await createLocalUserPool({
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
  if (server.certificatePath) {
    out(`certificate: ${server.certificatePath}`);
    out(`trust it in Node.js clients started from now on: NODE_EXTRA_CA_CERTS=${server.certificatePath}`);
  }
  if (dataDir !== undefined) out(`data: ${dataDir} (delete it to start empty)`);
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
