import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { localTransport } from '../src/local-transport.js';
import { AuthError } from 'cognito-auth-machine/core';
import { secretHash } from 'cognito-auth-machine/protocol';
import { call, decodeJwt, expectError, srpSignIn } from './helpers.js';

const PASSWORD = 'Passw0rd!';

async function confirmedUser(options: Parameters<typeof createLocalUserPool>[0] = {}, username = 'alice') {
  const pool = await createLocalUserPool({
    ...options,
    pool: { Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String' }], ...options.pool },
  });
  await pool.admin.createUser(username, {
    attributes: [
      { Name: 'email', Value: 'alice@example.com' },
      { Name: 'email_verified', Value: 'true' },
      { Name: 'custom:favorite_flavor', Value: 'mint' },
    ],
    suppress: true,
  });
  await pool.admin.setPassword(username, PASSWORD, true);
  return pool;
}

describe('sign-in and tokens', () => {
  it('USER_PASSWORD_AUTH issues RS256 tokens with Cognito claims, verifiable with the JWKS', async () => {
    const pool = await confirmedUser();
    const send = call(pool.cognito);
    const out = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    const result = out.AuthenticationResult;
    expect(out.ChallengeParameters).toEqual({});
    expect(out.Session).toBeUndefined();
    expect(result).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(result.RefreshToken).toMatch(/^[A-Za-z0-9\-_=.]+$/);
    const iss = `http://localhost/${pool.userPoolId}`;
    const jwks = createLocalJWKSet((await pool.cognito.jwks(pool.userPoolId)) as never);
    const { payload: id, protectedHeader: idHeader } = await jwtVerify(result.IdToken, jwks, { issuer: iss, audience: pool.clientId });
    const { payload: access, protectedHeader: accessHeader } = await jwtVerify(result.AccessToken, jwks, { issuer: iss });
    expect(idHeader.alg).toBe('RS256');
    expect(idHeader.kid).not.toBe(accessHeader.kid);
    expect(id).toMatchObject({
      token_use: 'id', 'cognito:username': 'alice', aud: pool.clientId, email: 'alice@example.com', email_verified: true,
      'custom:favorite_flavor': 'mint',
    });
    expect(access).toMatchObject({ token_use: 'access', username: 'alice', client_id: pool.clientId, scope: 'aws.cognito.signin.user.admin' });
    expect(access.aud).toBeUndefined();
    expect(id.sub).toBe(access.sub);
    expect(id.origin_jti).toBe(access.origin_jti);
    expect(id.event_id).toBe(access.event_id);
    expect(id.jti).not.toBe(access.jti);
    expect((id.exp as number) - (id.iat as number)).toBe(3600);
    const me = await send('GetUser', { AccessToken: result.AccessToken });
    expect(me.Username).toBe('alice');
    expect(me.UserAttributes).toContainEqual({ Name: 'sub', Value: id.sub });
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
  });

  it('each pool of a service signs with its own keys', async () => {
    const a = await confirmedUser();
    const b = await createLocalUserPool({ cognito: a.cognito });
    const [jwksA, jwksB] = await Promise.all([a.cognito.jwks(a.userPoolId), a.cognito.jwks(b.userPoolId)]);
    const kids = [...jwksA.keys, ...jwksB.keys].map((k) => k.kid);
    expect(new Set(kids).size).toBe(4);
    const out = await call(a.cognito)('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: a.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    await expect(jwtVerify(out.AuthenticationResult.IdToken, createLocalJWKSet(jwksB as never))).rejects.toThrow();
  });

  it('fails as Cognito fails: wrong password, unknown user (LEGACY and ENABLED), disabled flow', async () => {
    const pool = await confirmedUser();
    const send = call(pool.cognito);
    const auth = (USERNAME: string, pw: string, ClientId = pool.clientId) =>
      send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId, AuthParameters: { USERNAME, PASSWORD: pw } });
    await expectError(auth('alice', 'Wrong-pass1'), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(auth('nobody', PASSWORD), 'UserNotFoundException', 'User does not exist.');
    const hidden = await call(pool.cognito)('CreateUserPoolClient', {
      UserPoolId: pool.userPoolId, ClientName: 'hidden', PreventUserExistenceErrors: 'ENABLED',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'],
    });
    await expectError(auth('nobody', PASSWORD, hidden.UserPoolClient.ClientId), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(
      srpSignIn(send, { userPoolId: pool.userPoolId, clientId: hidden.UserPoolClient.ClientId, username: 'nobody', password: PASSWORD }),
      'NotAuthorizedException',
    );
    const srpOnly = await send('CreateUserPoolClient', { UserPoolId: pool.userPoolId, ClientName: 'default-flows' });
    await expectError(auth('alice', PASSWORD, srpOnly.UserPoolClient.ClientId), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    await expectError(auth('alice', PASSWORD, 'doesnotexist'), 'ResourceNotFoundException');
  });

  it('locks sign-in out after repeated wrong passwords, for 2^(n-5) seconds', async () => {
    const clock = manualClock();
    const pool = await confirmedUser({ clock });
    const send = call(pool.cognito);
    const auth = (pw: string) => send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: pw } });
    for (let i = 0; i < 6; i++) await expectError(auth('Wrong-pass1'), 'NotAuthorizedException', 'Incorrect username or password.');
    await expectError(auth(PASSWORD), 'NotAuthorizedException', 'Password attempts exceeded');
    clock.advance(2000);
    expect((await auth(PASSWORD)).AuthenticationResult).toBeTruthy();
    // Success resets the count: five more failures are free again.
    for (let i = 0; i < 5; i++) await expectError(auth('Wrong-pass1'), 'NotAuthorizedException', 'Incorrect username or password.');
    expect((await auth(PASSWORD)).AuthenticationResult).toBeTruthy();
  });

  it('USER_SRP_AUTH signs in with the shared SRP implementation and rejects a wrong password', async () => {
    const pool = await confirmedUser({ pool: { UsernameAttributes: ['email'] } }, 'alice@example.com');
    const send = call(pool.cognito);
    const out = await srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'alice@example.com', password: PASSWORD });
    const id = decodeJwt(out.AuthenticationResult.IdToken);
    expect(id['cognito:username']).toBe(id.sub);
    await expectError(
      srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'alice@example.com', password: 'Wrong-pass1' }),
      'NotAuthorizedException',
      'Incorrect username or password.',
    );
    // A TIMESTAMP far from server time is refused even with the right password.
    await expectError(
      srpSignIn(send, { userPoolId: pool.userPoolId, clientId: pool.clientId, username: 'alice@example.com', password: PASSWORD, now: new Date(Date.now() - 3600_000) }),
      'NotAuthorizedException',
    );
  });

  it('checks SECRET_HASH for clients with a secret', async () => {
    const pool = await confirmedUser({ client: { GenerateSecret: true } });
    expect(pool.clientSecret).toBeTruthy();
    const send = call(pool.cognito);
    const base = { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId };
    await expectError(send('InitiateAuth', { ...base, AuthParameters: { USERNAME: 'alice', PASSWORD } }), 'NotAuthorizedException', /SECRET_HASH was not received/);
    await expectError(send('InitiateAuth', { ...base, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: 'bm9wZQ==' } }), 'NotAuthorizedException', /Unable to verify secret hash/);
    const hash = await secretHash(pool.clientSecret!, 'alice', pool.clientId);
    const out = await send('InitiateAuth', { ...base, AuthParameters: { USERNAME: 'alice', PASSWORD, SECRET_HASH: hash } });
    const refreshed = await send('GetTokensFromRefreshToken', { ClientId: pool.clientId, ClientSecret: pool.clientSecret, RefreshToken: out.AuthenticationResult.RefreshToken });
    expect(refreshed.AuthenticationResult.AccessToken).toBeTruthy();
    await expectError(send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: out.AuthenticationResult.RefreshToken }), 'NotAuthorizedException');
  });

  it('NEW_PASSWORD_REQUIRED: JSON string parameters, required attribute, policy, then tokens', async () => {
    const pool = await createLocalUserPool({ pool: { Schema: [{ Name: 'name', Required: true }] } });
    const send = call(pool.cognito);
    await expectError(pool.admin.createUser('henry', { temporaryPassword: 'Temp-Pass1' }), 'InvalidParameterException', /name/);
    await send('AdminCreateUser', {
      UserPoolId: pool.userPoolId, Username: 'henry', TemporaryPassword: 'Temp-Pass1', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'name', Value: 'Henry' }, { Name: 'email', Value: 'henry@example.com' }],
    });
    // Remove the required attribute's value so the challenge has to ask for it.
    const start = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'henry', PASSWORD: 'Temp-Pass1' } });
    expect(start.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(start.ChallengeParameters.requiredAttributes)).toEqual([]);
    expect(JSON.parse(start.ChallengeParameters.userAttributes)).toMatchObject({ name: 'Henry', email: 'henry@example.com' });
    expect(start.Session.length).toBeGreaterThanOrEqual(20);

    const pool2 = await createLocalUserPool({ pool: { Schema: [{ Name: 'family_name', Required: true }] }, cognito: pool.cognito });
    await pool2.admin.createUser('ivy', { temporaryPassword: 'Temp-Pass1', attributes: [{ Name: 'family_name', Value: 'Ivy' }], suppress: true });
    await pool2.admin.updateAttributes('ivy', [{ Name: 'family_name', Value: '' }]);
    const first = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool2.clientId, AuthParameters: { USERNAME: 'ivy', PASSWORD: 'Temp-Pass1' } });
    expect(JSON.parse(first.ChallengeParameters.requiredAttributes)).toEqual(['userAttributes.family_name']);
    const respond = (responses: Record<string, string>) =>
      send('RespondToAuthChallenge', { ClientId: pool2.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: first.Session, ChallengeResponses: { USERNAME: 'ivy', ...responses } });
    await expectError(respond({ NEW_PASSWORD: 'Brand-New1' }), 'InvalidParameterException', 'Invalid attributes given, family_name is missing');
    await expectError(respond({ NEW_PASSWORD: 'weak', 'userAttributes.family_name': 'Green' }), 'InvalidPasswordException');
    const done = await respond({ NEW_PASSWORD: 'Brand-New1', 'userAttributes.family_name': 'Green' });
    expect(decodeJwt(done.AuthenticationResult.IdToken).family_name).toBe('Green');
    expect((await pool2.admin.getUser('ivy')).UserStatus).toBe('CONFIRMED');
    await expectError(respond({ NEW_PASSWORD: 'Brand-New1', 'userAttributes.family_name': 'Green' }), 'NotAuthorizedException', /only be used once/);
  });

  it('sessions are single-use, bound to their client and expire after AuthSessionValidity', async () => {
    const clock = manualClock();
    const pool = await createLocalUserPool({ clock, client: { AuthSessionValidity: 5 } });
    await pool.admin.createUser('jack', { temporaryPassword: 'Temp-Pass1', suppress: true });
    const send = call(pool.cognito);
    const start = () => send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'jack', PASSWORD: 'Temp-Pass1' } });
    const respond = (Session: string, ClientId = pool.clientId) =>
      send('RespondToAuthChallenge', { ClientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session, ChallengeResponses: { USERNAME: 'jack', NEW_PASSWORD: 'Brand-New1' } });
    const first = await start();
    clock.advance(5 * 60_000 + 1);
    await expectError(respond(first.Session), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const second = await start();
    const other = await send('CreateUserPoolClient', { UserPoolId: pool.userPoolId, ClientName: 'other' });
    await expectError(respond(second.Session, other.UserPoolClient.ClientId), 'NotAuthorizedException', 'Invalid session for the user.');
    await expectError(respond('x'.repeat(19)), 'InvalidParameterException');
    await expectError(
      send('RespondToAuthChallenge', { ClientId: pool.clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: second.Session, ChallengeResponses: { USERNAME: 'someone-else', NEW_PASSWORD: 'Brand-New1' } }),
      'NotAuthorizedException',
    );
    await respond(second.Session);
    await expectError(respond(second.Session), 'NotAuthorizedException', 'Invalid session for the user, session can only be used once.');
  });

  it('refreshes with REFRESH_TOKEN_AUTH, REFRESH_TOKEN and GetTokensFromRefreshToken, keeping origin_jti and auth_time', async () => {
    const clock = manualClock();
    const pool = await confirmedUser({ clock });
    const send = call(pool.cognito);
    const signIn = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    const { RefreshToken, AccessToken } = signIn.AuthenticationResult;
    const original = decodeJwt(AccessToken);
    clock.advance(2 * 3600_000);
    await expectError(send('GetUser', { AccessToken }), 'NotAuthorizedException', 'Access Token has expired');
    for (const AuthFlow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN']) {
      const out = await send('InitiateAuth', { AuthFlow, ClientId: pool.clientId, AuthParameters: { REFRESH_TOKEN: RefreshToken } });
      expect(out.AuthenticationResult.RefreshToken).toBeUndefined();
      const access = decodeJwt(out.AuthenticationResult.AccessToken);
      expect(access.origin_jti).toBe(original.origin_jti);
      expect(access.auth_time).toBe(original.auth_time);
      expect(access.iat).toBeGreaterThan(original.iat);
      expect((await send('GetUser', { AccessToken: out.AuthenticationResult.AccessToken })).Username).toBe('alice');
    }
    const out = await send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken });
    expect(decodeJwt(out.AuthenticationResult.IdToken)['cognito:username']).toBe('alice');
    await expectError(send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: 'local.garbage' }), 'NotAuthorizedException', 'Invalid Refresh Token');
    clock.advance(31 * 24 * 3600_000);
    await expectError(send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken }), 'NotAuthorizedException', 'Refresh Token has expired');
  });

  it('RevokeToken kills that refresh token and its access tokens only; GlobalSignOut kills all', async () => {
    const pool = await confirmedUser();
    const send = call(pool.cognito);
    const signIn = () => send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    const a = (await signIn()).AuthenticationResult;
    const b = (await signIn()).AuthenticationResult;
    await expectError(send('RevokeToken', { ClientId: pool.clientId, Token: a.AccessToken }), 'UnsupportedTokenTypeException');
    expect(await send('RevokeToken', { ClientId: pool.clientId, Token: a.RefreshToken })).toEqual({});
    await expectError(send('GetUser', { AccessToken: a.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: a.RefreshToken }), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await expectError(send('InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: pool.clientId, AuthParameters: { REFRESH_TOKEN: a.RefreshToken } }), 'NotAuthorizedException');
    expect((await send('GetUser', { AccessToken: b.AccessToken })).Username).toBe('alice');
    expect(await send('GlobalSignOut', { AccessToken: b.AccessToken })).toEqual({});
    await expectError(send('GetUser', { AccessToken: b.AccessToken }), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(send('GetTokensFromRefreshToken', { ClientId: pool.clientId, RefreshToken: b.RefreshToken }), 'NotAuthorizedException', 'Refresh Token has been revoked');
    await expectError(send('GlobalSignOut', { AccessToken: b.AccessToken }), 'NotAuthorizedException');
    // A new sign-in after the global sign-out works.
    const c = (await signIn()).AuthenticationResult;
    expect((await send('GetUser', { AccessToken: c.AccessToken })).Username).toBe('alice');
    const noRevoke = await send('CreateUserPoolClient', { UserPoolId: pool.userPoolId, ClientName: 'no-revoke', EnableTokenRevocation: false });
    await expectError(send('RevokeToken', { ClientId: noRevoke.UserPoolClient.ClientId, Token: c.RefreshToken }), 'UnsupportedOperationException');
  });

  it('user-plane profile operations: UpdateUserAttributes with verification, ChangePassword, DeleteUser', async () => {
    const pool = await confirmedUser();
    const send = call(pool.cognito);
    const tokens = (await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } })).AuthenticationResult;
    const updated = await send('UpdateUserAttributes', { AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email', Value: 'new@example.com' }, { Name: 'custom:favorite_flavor', Value: 'lemon' }] });
    expect(updated.CodeDeliveryDetailsList).toEqual([{ Destination: 'n***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
    await expectError(send('UpdateUserAttributes', { AccessToken: tokens.AccessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }), 'InvalidParameterException');
    await send('VerifyUserAttribute', { AccessToken: tokens.AccessToken, AttributeName: 'email', Code: pool.lastCode('alice', 'UpdateUserAttribute')! });
    const me = await send('GetUser', { AccessToken: tokens.AccessToken });
    expect(me.UserAttributes).toContainEqual({ Name: 'email', Value: 'new@example.com' });
    expect(me.UserAttributes).toContainEqual({ Name: 'email_verified', Value: 'true' });
    await expectError(send('ChangePassword', { AccessToken: tokens.AccessToken, PreviousPassword: 'Wrong-pass1', ProposedPassword: 'An0ther-pass' }), 'NotAuthorizedException');
    await expectError(send('ChangePassword', { AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'short' }), 'InvalidPasswordException');
    await send('ChangePassword', { AccessToken: tokens.AccessToken, PreviousPassword: PASSWORD, ProposedPassword: 'An0ther-pass' });
    await send('AdminDeleteUser', { UserPoolId: pool.userPoolId, Username: 'alice' });
    await expectError(send('GetUser', { AccessToken: tokens.AccessToken }), 'NotAuthorizedException');
  });

  it('localTransport round-trips through JSON and throws AuthError with Cognito names', async () => {
    const pool = await confirmedUser();
    const transport = localTransport(pool);
    const out = await transport.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD } });
    expect(out.AuthenticationResult?.AccessToken).toBeTruthy();
    const error = await expectError(
      transport.send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'alice', PASSWORD: 'nope' } }),
      'NotAuthorizedException',
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).retryable).toBe(false);
    await expectError(localTransport(pool.cognito).send('GetUser', { AccessToken: 'x' }), 'NotAuthorizedException', 'Invalid Access Token');
  });
});
