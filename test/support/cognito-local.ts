import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  SetUserPoolMfaConfigCommand,
} from '@aws-sdk/client-cognito-identity-provider';

/**
 * Starts cognito-local (a third-party Cognito emulator, see docs/cognito-local.md) as a child process on
 * 127.0.0.1 and a free port, in a fresh temporary directory, so test files never share its state.
 */

export interface CreatePoolOptions {
  /** Pool name; default `test-pool`. */
  name?: string;
  /** Ask for a client secret. cognito-local returns one but never checks SECRET_HASH or ClientSecret. */
  generateSecret?: boolean;
  /**
   * Pool MFA setting, applied with SetUserPoolMfaConfig (TOTP enabled) unless `OFF`. cognito-local only sends a
   * SOFTWARE_TOKEN_MFA challenge when this is not `OFF`, which is its default.
   */
  mfa?: 'OFF' | 'OPTIONAL' | 'ON';
}

export interface CreatedPool {
  userPoolId: string;
  clientId: string;
  clientSecret?: string;
}

export interface CognitoLocal {
  /** `http://127.0.0.1:<port>` */
  endpoint: string;
  /** Every code cognito-local sends (sign-up, forgot password, SMS MFA) and its default temporary password. */
  code: string;
  /** An SDK client for admin calls: dummy credentials, one attempt. */
  admin: CognitoIdentityProviderClient;
  /** A pool with a `custom:favorite_flavor` String attribute and email auto-verification, plus one app client. */
  createPool(options?: CreatePoolOptions): Promise<CreatedPool>;
  /** What cognito-local printed so far; delivered codes appear here too. */
  logs(): string;
  /** Stops the process and removes its directory. Safe to call twice. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const START_SCRIPT = join(REPO_ROOT, 'node_modules', 'cognito-local', 'lib', 'bin', 'start.js');
const HOST = '127.0.0.1';
const READY_TIMEOUT_MS = 15_000;
const STOP_TIMEOUT_MS = 5_000;
const START_ATTEMPTS = 3;
const LOG_LIMIT = 64_000;

export async function startCognitoLocal(options: { code?: string } = {}): Promise<CognitoLocal> {
  const code = options.code ?? '123456';
  const directory = await mkdtemp(join(tmpdir(), 'cognito-local-'));
  try {
    // With no config cognito-local makes email the username in every pool; tests want plain usernames.
    await mkdir(join(directory, '.cognito'));
    await writeFile(
      join(directory, '.cognito', 'config.json'),
      JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }),
    );
    // Another process may take the free port between our probe and cognito-local's listen: try a new one.
    let lastError: unknown;
    for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
      try {
        return await launch(directory, code, await freePort());
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
}

async function launch(directory: string, code: string, port: number): Promise<CognitoLocal> {
  const endpoint = `http://${HOST}:${port}`;
  const child = spawn(process.execPath, [START_SCRIPT], {
    cwd: directory,
    // A minimal environment: no AWS_* variables leak in, and the tests prove they need none.
    env: { PATH: process.env.PATH ?? '', HOST, PORT: String(port), CODE: code, NODE_NO_WARNINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer): void => {
    output = (output + chunk.toString('utf8')).slice(-LOG_LIMIT);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  // A crashed test run must not leave the emulator behind.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);

  const admin = new CognitoIdentityProviderClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });

  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    admin.destroy();
    process.removeListener('exit', killOnExit);
    await terminate(child, exited);
    await rm(directory, { recursive: true, force: true });
  };

  try {
    await waitUntilReady(endpoint, exited, () => output);
  } catch (error) {
    stopped = true;
    admin.destroy();
    process.removeListener('exit', killOnExit);
    await terminate(child, exited);
    throw error;
  }

  return {
    endpoint,
    code,
    admin,
    createPool: (poolOptions) => createPool(admin, poolOptions),
    logs: () => output,
    stop,
  };
}

async function createPool(admin: CognitoIdentityProviderClient, options: CreatePoolOptions = {}): Promise<CreatedPool> {
  const { UserPool } = await admin.send(
    new CreateUserPoolCommand({
      PoolName: options.name ?? 'test-pool',
      AutoVerifiedAttributes: ['email'],
      Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
    }),
  );
  const userPoolId = UserPool?.Id;
  if (!userPoolId) throw new Error('cognito-local returned no user pool id');
  if (options.mfa !== undefined && options.mfa !== 'OFF') {
    await admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: userPoolId,
        MfaConfiguration: options.mfa,
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
  }
  const { UserPoolClient } = await admin.send(
    new CreateUserPoolClientCommand({
      UserPoolId: userPoolId,
      ClientName: 'test-client',
      GenerateSecret: options.generateSecret ?? false,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'],
    }),
  );
  const clientId = UserPoolClient?.ClientId;
  if (!clientId) throw new Error('cognito-local returned no client id');
  return {
    userPoolId,
    clientId,
    ...(UserPoolClient?.ClientSecret ? { clientSecret: UserPoolClient.ClientSecret } : {}),
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

async function waitUntilReady(endpoint: string, exited: Promise<number | null>, logs: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((value) => {
    exitCode = value;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`cognito-local exited with code ${String(exitCode)} before answering:\n${logs()}`);
    }
    try {
      const response = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`cognito-local did not answer at ${endpoint} within ${READY_TIMEOUT_MS} ms:\n${logs()}`);
}

async function terminate(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}
