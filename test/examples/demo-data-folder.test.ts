import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createLocalCognito, totpCode } from '@cognito-auth-machine/local-pool';
import { startDemoBackend } from '../../examples/demo/demo-backend.js';
import { DEMO_DOMAIN } from '../../examples/demo-oauth.js';
import { DEMO_FIRST_FACTORS, DEMO_PASSWORDLESS_USERS, DEMO_RELYING_PARTY } from '../../examples/demo-passwordless.js';
import { DEMO_PASSWORD, QUIZ, createDemoPool } from '../../examples/demo-pool.js';

const dataDir = mkdtempSync(join(tmpdir(), 'demo-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('npm start on a kept data folder reopens the demo pools: no second seeding, same users, quiz and authenticators', async () => {
  const first = await startDemoBackend({ port: 0, dataDir });
  expect(first.reopened).toBe(false);
  const before = await first.server.cognito.exportData();
  await first.server.close();

  const second = await startDemoBackend({ port: 0, dataDir });
  try {
    expect(second.reopened).toBe(true);
    const after = await second.server.cognito.exportData();
    expect(after.pools.map((pool) => pool.record.id)).toEqual(before.pools.map((pool) => pool.record.id));
    const users = (snapshot: typeof after) =>
      snapshot.pools.flatMap((pool) => (pool.record.users as { $map: Array<[string, unknown]> }).$map.map(([name]) => name));
    expect(users(after)).toEqual(users(before));
    expect(second.config.userPoolId).toBe(first.config.userPoolId);
    expect(second.config.authenticators).toEqual(first.config.authenticators);

    const { pool, users: demoUsers } = second.demo;
    const send = (operation: string, input: Record<string, unknown>) => second.server.cognito.send(operation, input) as Promise<Record<string, any>>;
    // The authenticator secret shown by the page still makes codes the pool takes.
    const totp = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: demoUsers.totp, PASSWORD: DEMO_PASSWORD } });
    expect(totp.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const signedIn = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: totp.Session,
      ChallengeResponses: { USERNAME: demoUsers.totp, SOFTWARE_TOKEN_MFA_CODE: totpCode(demoUsers.totpSecret, second.server.cognito.clock.now()) },
    });
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    // The quiz triggers are attached again: functions are not part of the data.
    const quiz = await send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: demoUsers.quiz } });
    expect(quiz.ChallengeParameters?.question).toBe(QUIZ.question);
  } finally {
    await second.server.close();
  }
});

it('a data folder from before managed login gets the domain, the Google provider and the client OAuth settings', async () => {
  const olderDir = mkdtempSync(join(tmpdir(), 'demo-data-'));
  try {
    // The demo pools as an earlier version seeded them: no domain, no identity provider, no OAuth on the client.
    const older = createLocalCognito({ dataDir: olderDir });
    await createDemoPool(older);

    const backend = await startDemoBackend({ port: 0, dataDir: olderDir });
    try {
      expect(backend.reopened).toBe(true);
      expect(backend.config.oauth?.domain).toBe(`${backend.server.endpoint}/${DEMO_DOMAIN}`);
      const page = 'http://127.0.0.1:5173/demo/';
      await backend.allowPages([page]);
      const send = (operation: string, input: Record<string, unknown>) => backend.server.cognito.send(operation, input) as Promise<Record<string, any>>;
      const { pool } = backend.demo;
      const google = await send('DescribeIdentityProvider', { UserPoolId: pool.userPoolId, ProviderName: 'Google' });
      expect(google.IdentityProvider.ProviderType).toBe('Google');
      const { UserPoolClient: client } = await send('DescribeUserPoolClient', { UserPoolId: pool.userPoolId, ClientId: pool.clientId });
      expect(client).toMatchObject({ CallbackURLs: [page], LogoutURLs: [page], AllowedOAuthFlows: ['code'], SupportedIdentityProviders: ['COGNITO', 'Google'] });
      expect(client.ClientName).toBe('demo-web');

      // The authorize endpoint now sends the browser to the managed-login page, and Google to the test provider.
      const authorize = (extra: Record<string, string>) =>
        fetch(`${backend.config.oauth!.domain}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: page, ...extra })}`, { redirect: 'manual' });
      expect((await authorize({})).headers.get('location')).toContain(`/${DEMO_DOMAIN}/login?`);
      expect((await authorize({ identity_provider: 'Google' })).headers.get('location')).toContain(`/${DEMO_DOMAIN}/test-provider?`);
      // The next run's page, on another port, takes the place of this one: the lists do not grow run after run.
      const next = 'http://127.0.0.1:5174/demo/';
      await backend.allowPages([next, next]);
      const again = await send('DescribeUserPoolClient', { UserPoolId: pool.userPoolId, ClientId: pool.clientId });
      expect(again.UserPoolClient).toMatchObject({ CallbackURLs: [next], LogoutURLs: [next], ClientName: 'demo-web' });
    } finally {
      await backend.server.close();
    }
  } finally {
    rmSync(olderDir, { recursive: true, force: true });
  }
});

it('a data folder from before passwordless gets the first factors, USER_AUTH, passkeys for localhost and the two users', async () => {
  const olderDir = mkdtempSync(join(tmpdir(), 'demo-data-'));
  try {
    // The demo pools as an earlier version seeded them: password only, no USER_AUTH, no passkeys.
    const older = createLocalCognito({ dataDir: olderDir });
    await createDemoPool(older);

    const backend = await startDemoBackend({ port: 0, dataDir: olderDir });
    try {
      expect(backend.reopened).toBe(true);
      const send = (operation: string, input: Record<string, unknown>) => backend.server.cognito.send(operation, input) as Promise<Record<string, any>>;
      const { pool } = backend.demo;
      const { UserPool: described } = await send('DescribeUserPool', { UserPoolId: pool.userPoolId });
      expect(described.Policies.SignInPolicy.AllowedFirstAuthFactors).toEqual(DEMO_FIRST_FACTORS);
      // UpdateUserPool replaces the configuration: what the demo had set is sent back, not reset.
      expect(described).toMatchObject({ MfaConfiguration: 'OPTIONAL', DeviceConfiguration: { ChallengeRequiredOnNewDevice: true }, AliasAttributes: ['email'] });
      const mfa = await send('GetUserPoolMfaConfig', { UserPoolId: pool.userPoolId });
      expect(mfa).toMatchObject({ SoftwareTokenMfaConfiguration: { Enabled: true }, WebAuthnConfiguration: { RelyingPartyId: DEMO_RELYING_PARTY } });
      const { UserPoolClient: client } = await send('DescribeUserPoolClient', { UserPoolId: pool.userPoolId, ClientId: pool.clientId });
      expect(client.ExplicitAuthFlows).toEqual(expect.arrayContaining(['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']));
      expect(backend.config.users.map((user) => user.username)).toEqual(expect.arrayContaining(Object.values(DEMO_PASSWORDLESS_USERS)));

      // The passwordless user signs in with an emailed code; Cognito lists every code factor when asked.
      const choice = await send('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: DEMO_PASSWORDLESS_USERS.otp } });
      expect(choice.AvailableChallenges).toEqual(expect.arrayContaining(['EMAIL_OTP', 'SMS_OTP']));
      const email = await send('InitiateAuth', {
        AuthFlow: 'USER_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: DEMO_PASSWORDLESS_USERS.otp, PREFERRED_CHALLENGE: 'EMAIL_OTP' },
      });
      expect(email.ChallengeName).toBe('EMAIL_OTP');
      const signedIn = await send('RespondToAuthChallenge', {
        ClientId: pool.clientId, ChallengeName: 'EMAIL_OTP', Session: email.Session,
        ChallengeResponses: { USERNAME: DEMO_PASSWORDLESS_USERS.otp, EMAIL_OTP_CODE: pool.lastCode(DEMO_PASSWORDLESS_USERS.otp) },
      });
      expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    } finally {
      await backend.server.close();
    }
  } finally {
    rmSync(olderDir, { recursive: true, force: true });
  }
});
