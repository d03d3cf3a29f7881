import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { DATA_FILE } from '../src/data-folder.js';
import { createLocalCognito } from '../src/local-cognito.js';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { call, expectError } from './helpers.js';
import { sdkClientFor } from './sdk-harness.js';

const PASSWORD = 'Passw0rd!';
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-pool-data-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function start(dataDir?: string): Promise<{ server: LocalCognitoServer; sdk: CognitoIdentityProviderClient }> {
  const server = await startLocalCognito(dataDir !== undefined ? { dataDir } : {});
  const sdk = sdkClientFor(server.endpoint);
  let closed = false;
  const stop = async () => {
    if (closed) return;
    closed = true;
    sdk.destroy();
    await server.close();
  };
  cleanups.push(stop);
  return { server: Object.assign(server, { close: stop }), sdk };
}

async function createPoolAndClient(sdk: CognitoIdentityProviderClient): Promise<{ userPoolId: string; clientId: string }> {
  const pool = await sdk.send(new CreateUserPoolCommand({
    PoolName: 'kept',
    AutoVerifiedAttributes: ['email'],
    Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
  }));
  const userPoolId = pool.UserPool!.Id!;
  const client = await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  return { userPoolId, clientId: client.UserPoolClient!.ClientId! };
}

async function signUpAndConfirm(server: LocalCognitoServer, sdk: CognitoIdentityProviderClient, clientId: string, username: string): Promise<void> {
  await sdk.send(new SignUpCommand({
    ClientId: clientId, Username: username, Password: PASSWORD,
    UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'custom:favorite_flavor', Value: 'pistachio' }],
  }));
  const messages = (await (await fetch(`${server.endpoint}/_local/messages`)).json()) as Array<Record<string, string>>;
  const code = messages.filter((m) => m.username === username && m.purpose === 'SignUp').pop()!.code!;
  await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: username, ConfirmationCode: code }));
}

const signIn = (sdk: CognitoIdentityProviderClient, clientId: string, username: string) =>
  sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: username, PASSWORD } }));

describe('a data folder keeps the pool across restarts', () => {
  it('signs in and refreshes with the old refresh token after the server is stopped and started again', async () => {
    const dir = tempFolder();
    const first = await start(dir);
    const { userPoolId, clientId } = await createPoolAndClient(first.sdk);
    await signUpAndConfirm(first.server, first.sdk, clientId, 'dana');
    const before = (await signIn(first.sdk, clientId, 'dana')).AuthenticationResult!;
    const oldJwks = await (await fetch(`${first.server.endpoint}/${userPoolId}/.well-known/jwks.json`)).json();
    await first.server.close();

    const second = await start(dir);
    // The same signing keys: tokens issued before the restart still verify against the pool's JWKS.
    expect(await (await fetch(`${second.server.endpoint}/${userPoolId}/.well-known/jwks.json`)).json()).toEqual(oldJwks);
    const after = (await signIn(second.sdk, clientId, 'dana')).AuthenticationResult!;
    const jwks = createRemoteJWKSet(new URL(`${second.server.endpoint}/${userPoolId}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(after.IdToken!, jwks, { issuer: `${second.server.endpoint}/${userPoolId}`, audience: clientId });
    expect(payload['custom:favorite_flavor']).toBe('pistachio');
    expect(payload.email_verified).toBe(true);

    const refreshed = await second.sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: before.RefreshToken }));
    expect((await second.sdk.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken }))).Username).toBe('dana');
    const viaInitiateAuth = await second.sdk.send(new InitiateAuthCommand({
      AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: before.RefreshToken! },
    }));
    expect(viaInitiateAuth.AuthenticationResult?.IdToken).toBeTruthy();
    // The access token from before the restart is still good until it expires.
    expect((await second.sdk.send(new GetUserCommand({ AccessToken: before.AccessToken }))).Username).toBe('dana');
    // The outbox came along too.
    const messages = (await (await fetch(`${second.server.endpoint}/_local/messages`)).json()) as Array<Record<string, string>>;
    expect(messages.map((m) => [m.username, m.purpose])).toEqual([['dana', 'SignUp']]);
  });

  it('answers a request only once it is saved, and a refused sign-in counts after a restart too', async () => {
    const dir = tempFolder();
    const first = await start(dir);
    const { userPoolId, clientId } = await createPoolAndClient(first.sdk);
    await signUpAndConfirm(first.server, first.sdk, clientId, 'eli');
    const file = JSON.parse(readFileSync(join(dir, DATA_FILE), 'utf8'));
    const saved = file.pools[0].record.users.$map as Array<[string, { status: string }]>;
    expect(saved.map(([name, user]) => [name, user.status])).toEqual([['eli', 'CONFIRMED']]);
    await expectError(
      first.sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'eli', PASSWORD: 'Wrong0ne!' } })),
      'NotAuthorizedException',
    );
    await first.server.close();
    const second = await start(dir);
    const exported = await second.server.cognito.exportData({ userPoolId });
    const users = (exported.pools[0]!.record.users as { $map: Array<[string, { failedSignIns?: number }]> }).$map;
    expect(users.map(([name, user]) => [name, user.failedSignIns])).toEqual([['eli', 1]]);
    // Only the data file is left: no temporary files.
    expect(readdirSync(dir)).toEqual([DATA_FILE]);
  });

  it('keeps the last complete save when a write was cut short, and refuses a damaged file rather than start empty', async () => {
    const dir = tempFolder();
    const first = await start(dir);
    const { clientId } = await createPoolAndClient(first.sdk);
    await signUpAndConfirm(first.server, first.sdk, clientId, 'fay');
    await first.server.close();
    // What a crash between writing the temporary file and renaming it leaves behind.
    writeFileSync(join(dir, `${DATA_FILE}.12345.tmp`), '{"format":"cognito-auth-ma');
    const second = await start(dir);
    expect((await signIn(second.sdk, clientId, 'fay')).AuthenticationResult?.AccessToken).toBeTruthy();
    await second.server.close();

    writeFileSync(join(dir, DATA_FILE), '{"format":"cognito-auth-ma');
    expect(() => createLocalCognito({ dataDir: dir })).toThrow(/not valid JSON/);
    writeFileSync(join(dir, DATA_FILE), JSON.stringify({ format: 'cognito-auth-machine/local-pool', version: 99 }));
    expect(() => createLocalCognito({ dataDir: dir })).toThrow(/version 99 is not supported/);
  });
});

describe('the command line', () => {
  it('--data keeps the seeded pool: a second run reuses it instead of seeding another', async () => {
    const dir = tempFolder();
    const lines: string[] = [];
    const first = (await main(['--port', '0', '--data', dir], (line) => lines.push(line)))!;
    await first.cognito.send('AdminCreateUser', { UserPoolId: first.userPoolId, Username: 'ivy', MessageAction: 'SUPPRESS' });
    await first.close();
    expect(lines).toContain(`data: ${dir} (delete it to start empty)`);
    const second = (await main(['--port', '0', '--data', dir], () => undefined))!;
    cleanups.push(() => second.close());
    expect([second.userPoolId, second.clientId]).toEqual([first.userPoolId, first.clientId]);
    expect((await second.cognito.exportData()).pools).toHaveLength(1);
    expect(await second.cognito.send('AdminGetUser', { UserPoolId: second.userPoolId, Username: 'ivy' })).toMatchObject({ Username: 'ivy' });
  });
});

describe('export and import', () => {
  it('carries one pool into another service in code, with users, clients and keys', async () => {
    const source = createLocalCognito();
    const pool = await createLocalUserPool({ cognito: source, pool: { PoolName: 'seed' }, client: { ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] } });
    await pool.admin.createUser('gus', { attributes: [{ Name: 'email', Value: 'gus@example.com' }], suppress: true });
    await pool.admin.setPassword('gus', PASSWORD, true);
    const other = await createLocalUserPool({ cognito: source, pool: { PoolName: 'other' } });
    const snapshot = await source.exportData({ userPoolId: pool.userPoolId });
    expect(snapshot.pools.map((p) => p.record.id)).toEqual([pool.userPoolId]);
    expect(JSON.stringify(snapshot)).not.toContain(other.userPoolId);
    await expectError(source.exportData({ userPoolId: 'us-east-1_nothere' }), 'ResourceNotFoundException');

    const target = createLocalCognito();
    await target.importData(JSON.parse(JSON.stringify(snapshot)));
    const send = call(target);
    const auth = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'gus', PASSWORD } });
    expect(await target.jwks(pool.userPoolId)).toEqual(await source.jwks(pool.userPoolId));
    const user = await send('AdminGetUser', { UserPoolId: pool.userPoolId, Username: 'gus' });
    expect(user.UserAttributes).toContainEqual({ Name: 'email', Value: 'gus@example.com' });
    expect(auth.AuthenticationResult.RefreshToken).toBeTruthy();
    // Importing again replaces the pool rather than adding to it.
    await target.importData(JSON.parse(JSON.stringify(snapshot)));
    expect((await target.exportData()).pools).toHaveLength(1);
    await expectError(target.importData({ format: 'something else' } as never), 'SnapshotError', /Not a local user pool snapshot/);
    const broken = { ...snapshot, pools: [{ record: { id: pool.userPoolId } }] };
    await expectError(target.importData(broken as never), 'SnapshotError', /needs a record with an id and a name/);
    // The refused import changed nothing.
    expect((await target.send('AdminGetUser', { UserPoolId: pool.userPoolId, Username: 'gus' }) as { Username: string }).Username).toBe('gus');
  });

  it('over HTTP at /_local/export and /_local/import, refusing pages of other origins', async () => {
    const a = await start();
    const { userPoolId, clientId } = await createPoolAndClient(a.sdk);
    await signUpAndConfirm(a.server, a.sdk, clientId, 'hal');
    const exported = await fetch(`${a.server.endpoint}/_local/export?userPoolId=${userPoolId}`);
    expect(exported.status).toBe(200);
    expect(exported.headers.get('access-control-allow-origin')).toBeNull();
    const body = await exported.text();
    const fromPage = await fetch(`${a.server.endpoint}/_local/export`, { headers: { origin: 'http://localhost:5173' } });
    expect(fromPage.status).toBe(403);
    expect((await fetch(`${a.server.endpoint}/_local/export?userPoolId=us-east-1_none`)).status).toBe(404);

    const b = await start();
    const crossSite = await fetch(`${b.server.endpoint}/_local/import`, { method: 'POST', body, headers: { origin: 'http://127.0.0.1:5173' } });
    expect(crossSite.status).toBe(403);
    const imported = await fetch(`${b.server.endpoint}/_local/import`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    expect(imported.status).toBe(200);
    expect((await signIn(b.sdk, clientId, 'hal')).AuthenticationResult?.AccessToken).toBeTruthy();
    const bad = await fetch(`${b.server.endpoint}/_local/import`, { method: 'POST', body: '{"format":1}' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ __type: 'InvalidParameterException' });
    expect((await fetch(`${b.server.endpoint}/_local/import`)).status).toBe(405);
  });
});
