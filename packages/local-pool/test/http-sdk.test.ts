import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SetUserMFAPreferenceCommand,
  SignUpCommand,
  type CognitoIdentityProviderServiceException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { poolNameOf, startSrp } from 'cognito-auth-machine/protocol';
import { expectError } from './helpers.js';

const PASSWORD = 'Passw0rd!';
let server: LocalCognitoServer;
let sdk: CognitoIdentityProviderClient;
let userPoolId: string;
let clientId: string;

beforeAll(async () => {
  server = await startLocalCognito();
  sdk = new CognitoIdentityProviderClient({
    endpoint: server.endpoint,
    region: 'us-east-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const pool = await sdk.send(new CreateUserPoolCommand({
    PoolName: 'http',
    AutoVerifiedAttributes: ['email'],
    MfaConfiguration: 'OPTIONAL',
    SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' },
    Schema: [{ Name: 'favorite_flavor', AttributeDataType: 'String', Mutable: true }],
  }));
  userPoolId = pool.UserPool!.Id!;
  const client = await sdk.send(new CreateUserPoolClientCommand({
    UserPoolId: userPoolId,
    ClientName: 'web',
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  }));
  clientId = client.UserPoolClient!.ClientId!;
});

afterAll(async () => {
  sdk?.destroy();
  await server?.close();
});

async function outboxCode(username: string, purpose: string): Promise<string> {
  const messages = (await (await fetch(`${server.endpoint}/_local/messages`)).json()) as Array<Record<string, string>>;
  const found = messages.filter((m) => (m.username === username || m.destination === username) && m.purpose === purpose).pop();
  if (!found) throw new Error(`no ${purpose} code for ${username}`);
  return found.code!;
}

async function post(target: string | undefined, body: string, headers: Record<string, string> = {}) {
  return fetch(server.endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', ...(target ? { 'x-amz-target': `AWSCognitoIdentityProviderService.${target}` } : {}), ...headers },
    body,
  });
}

describe('over HTTP with the AWS SDK v3', () => {
  it('sign-up, confirmation from /_local/messages, sign-in, GetUser, refresh, revoke', async () => {
    const signUp = await sdk.send(new SignUpCommand({
      ClientId: clientId, Username: 'quinn', Password: PASSWORD,
      UserAttributes: [{ Name: 'email', Value: 'quinn@example.com' }, { Name: 'custom:favorite_flavor', Value: 'vanilla' }],
    }));
    expect(signUp.UserConfirmed).toBe(false);
    expect(signUp.CodeDeliveryDetails?.Destination).toBe('q***@e***');
    await sdk.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'quinn', ConfirmationCode: await outboxCode('quinn', 'SignUp') }));
    const auth = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'quinn', PASSWORD } }));
    const tokens = auth.AuthenticationResult!;
    const jwks = createRemoteJWKSet(new URL(`${server.endpoint}/${userPoolId}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(tokens.IdToken!, jwks, { issuer: `${server.endpoint}/${userPoolId}`, audience: clientId });
    expect(payload['custom:favorite_flavor']).toBe('vanilla');
    const me = await sdk.send(new GetUserCommand({ AccessToken: tokens.AccessToken }));
    expect(me.Username).toBe('quinn');
    const refreshed = await sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken }));
    expect(refreshed.AuthenticationResult?.AccessToken).toBeTruthy();
    // Operations without output answer `{}` and the SDK accepts it.
    await sdk.send(new RevokeTokenCommand({ ClientId: clientId, Token: tokens.RefreshToken }));
    const error = (await expectError(
      sdk.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: tokens.RefreshToken })),
      'NotAuthorizedException',
      'Refresh Token has been revoked',
    )) as CognitoIdentityProviderServiceException;
    expect(error.$metadata.httpStatusCode).toBe(400);
    await expectError(sdk.send(new GetUserCommand({ AccessToken: refreshed.AuthenticationResult!.AccessToken })), 'NotAuthorizedException');
  });

  it('SRP, SMS MFA with a wrong code then the right one, GlobalSignOut', async () => {
    await sdk.send(new AdminCreateUserCommand({
      UserPoolId: userPoolId, Username: 'rita', MessageAction: 'SUPPRESS',
      UserAttributes: [{ Name: 'email', Value: 'rita@example.com' }, { Name: 'phone_number', Value: '+15550001111' }],
    }));
    await sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'rita', Password: PASSWORD, Permanent: true }));
    const signIn = async () => {
      const srp = await startSrp();
      const first = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'rita', SRP_A: srp.srpA } }));
      const p = first.ChallengeParameters!;
      const proof = await srp.respond({ poolName: poolNameOf(userPoolId), userIdForSrp: p.USER_ID_FOR_SRP!, password: PASSWORD, salt: p.SALT!, srpB: p.SRP_B!, secretBlock: p.SECRET_BLOCK! });
      return sdk.send(new RespondToAuthChallengeCommand({
        ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: first.Session,
        ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP!, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK!, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
      }));
    };
    const plain = await signIn();
    const accessToken = plain.AuthenticationResult!.AccessToken!;
    await sdk.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
    const mfa = await signIn();
    expect(mfa.ChallengeName).toBe('SMS_MFA');
    expect(mfa.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toBe('+*******1111');
    const code = await outboxCode('rita', 'Authentication');
    const respond = (SMS_MFA_CODE: string) => sdk.send(new RespondToAuthChallengeCommand({
      ClientId: clientId, ChallengeName: 'SMS_MFA', Session: mfa.Session, ChallengeResponses: { USERNAME: 'rita', SMS_MFA_CODE },
    }));
    await expectError(respond(code === '000000' ? '111111' : '000000'), 'CodeMismatchException');
    const done = await respond(code);
    await sdk.send(new GlobalSignOutCommand({ AccessToken: done.AuthenticationResult!.AccessToken }));
    await expectError(sdk.send(new GetUserCommand({ AccessToken: accessToken })), 'NotAuthorizedException', 'Access Token has been revoked');
    await expectError(
      sdk.send(new InitiateAuthCommand({ AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: clientId, AuthParameters: { REFRESH_TOKEN: done.AuthenticationResult!.RefreshToken! } })),
      'NotAuthorizedException',
    );
  });

  it('answers bad requests with Cognito-style 4xx errors carrying __type and x-amzn-ErrorType', async () => {
    const cases: Array<[Response, number, string]> = [
      [await post('SignUp', '{"ClientId": '), 400, 'InvalidParameterException'],
      [await post('NoSuchOperation', '{}'), 400, 'UnknownOperationException'],
      [await post(undefined, '{}'), 400, 'UnknownOperationException'],
      [await post('SignUp', JSON.stringify({ ClientId: clientId, Password: PASSWORD })), 400, 'InvalidParameterException'],
      [await post('SignUp', JSON.stringify({ ClientId: clientId, Username: 42, Password: PASSWORD })), 400, 'InvalidParameterException'],
      [await post('InitiateAuth', JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 1 } })), 400, 'InvalidParameterException'],
      [await post('GetUser', '[1,2]'), 400, 'InvalidParameterException'],
      [await post('SignUp', JSON.stringify({ ClientId: clientId, Username: 'x', Password: 'y'.repeat(1024 * 1024) })), 413, 'RequestEntityTooLargeException'],
      [await post('GetUser', JSON.stringify({ AccessToken: 'nope' }), { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 whatever' }), 400, 'NotAuthorizedException'],
    ];
    for (const [response, status, type] of cases) {
      expect(response.status).toBe(status);
      expect(response.headers.get('x-amzn-errortype')).toBe(type);
      // No Origin header (not a browser): no CORS headers either.
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const body = (await response.json()) as Record<string, string>;
      expect(body.__type).toBe(type);
      expect(typeof body.message).toBe('string');
    }
    const options = await fetch(server.endpoint, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(options.status).toBe(204);
    expect(options.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(options.headers.get('access-control-allow-headers')).toContain('x-amz-target');
    expect(options.headers.get('access-control-expose-headers')).toContain('x-amzn-ErrorType');
    const ok = await post('GlobalSignOut', JSON.stringify({ AccessToken: 'x' }));
    expect(ok.status).toBe(400);
  });

  it('stays healthy under 200 concurrent requests', async () => {
    const requests = Array.from({ length: 200 }, (_, i) =>
      i % 4 === 0
        ? post('SignUp', '{bad json')
        : post('SignUp', JSON.stringify({ ClientId: clientId, Username: `crowd${i % 150}`, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: `c${i}@example.com` }] })),
    );
    const responses = await Promise.all(requests);
    const statuses = responses.map((r) => r.status);
    expect(statuses.every((s) => s === 200 || s === 400)).toBe(true);
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as Array<Record<string, unknown>>;
    const created = bodies.filter((b) => typeof b.UserSub === 'string').length;
    const duplicates = bodies.filter((b) => b.__type === 'UsernameExistsException').length;
    // Each of the 150 distinct names that got a valid request was created exactly once.
    const distinct = new Set(Array.from({ length: 200 }, (_, i) => i).filter((i) => i % 4 !== 0).map((i) => i % 150)).size;
    expect(created).toBe(distinct);
    expect(created + duplicates).toBe(150);
    const health = await sdk.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: 'quinn', PASSWORD } }));
    expect(health.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
