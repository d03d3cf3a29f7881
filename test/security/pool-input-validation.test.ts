/**
 * Fidelity of the local user pool's input validation to Cognito's API reference (the service model's lengths,
 * patterns, required members and enum values). One row per case: where Cognito accepts a request the pool accepts
 * it, where Cognito refuses it the pool refuses it with Cognito's exception — for a constraint, an
 * InvalidParameterException worded as Cognito words it and naming the member.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalUserPool, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { poolNameOf, startSrp } from 'cognito-auth-machine/protocol';

type Json = Record<string, any>;
interface Context {
  pool: LocalUserPool;
  /** A fresh, confirmed user with an access token. */
  user(): Promise<{ username: string; accessToken: string }>;
  unique(prefix: string): string;
}
interface Row {
  operation: string;
  input: (ctx: Context) => Json | Promise<Json>;
  /** 'ok', or the exception Cognito answers. */
  expect: string;
  /** For a constraint violation: the member path Cognito names (`Value ... at '<path>'`). */
  at?: string;
}

const PASSWORD = 'Passw0rd!';
const POOL_ID = 'us-east-1_AbCdEf123';
let ctx: Context;

beforeAll(async () => {
  const pool = await createLocalUserPool({
    pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' } },
    mfa: { SoftwareTokenMfaConfiguration: { Enabled: true } },
  });
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${++counter}`;
  ctx = {
    pool,
    unique,
    async user() {
      const username = unique('user');
      await pool.admin.createUser(username, { suppress: true, attributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }] });
      await pool.admin.setPassword(username, PASSWORD, true);
      const out = (await pool.cognito.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: username, PASSWORD },
      })) as Json;
      return { username, accessToken: out.AuthenticationResult.AccessToken };
    },
  };
});

const signUp = (overrides: Json) => (c: Context) => ({
  ClientId: c.pool.clientId, Username: c.unique('signup'), Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'x@example.com' }], ...overrides,
});

const ROWS: Row[] = [
  // Passwords: `^[\S]+.*[\S]+$`, at most 256. Inner spaces are accepted (the reported bug), outer ones are not.
  { operation: 'SignUp', input: signUp({ Password: 'Pass word1!' }), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Password: 'Pass  word 1!' }), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Password: 'Pass\tword1!' }), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Password: 'Pässwörd1!€' }), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Password: `Aa1!${'x'.repeat(252)}` }), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Password: ' Password1!' }), expect: 'InvalidParameterException', at: 'password' },
  { operation: 'SignUp', input: signUp({ Password: 'Password1! ' }), expect: 'InvalidParameterException', at: 'password' },
  { operation: 'SignUp', input: signUp({ Password: 'Pass\nword1!' }), expect: 'InvalidParameterException', at: 'password' },
  { operation: 'SignUp', input: signUp({ Password: 'a' }), expect: 'InvalidParameterException', at: 'password' },
  { operation: 'SignUp', input: signUp({ Password: `Aa1!${'x'.repeat(253)}` }), expect: 'InvalidParameterException', at: 'password' },
  // A password the pattern allows but the pool's policy does not: the policy's exception.
  { operation: 'SignUp', input: signUp({ Password: 'short' }), expect: 'InvalidPasswordException' },
  // Usernames: 1–128 of letters, marks, symbols, numbers, punctuation — no whitespace.
  { operation: 'SignUp', input: signUp({ Username: 'al ice' }), expect: 'InvalidParameterException', at: 'username' },
  { operation: 'SignUp', input: signUp({ Username: '' }), expect: 'InvalidParameterException', at: 'username' },
  { operation: 'SignUp', input: (c) => signUp({ Username: `${c.unique('u')}${'x'.repeat(126)}` })(c), expect: 'InvalidParameterException', at: 'username' },
  { operation: 'SignUp', input: (c) => signUp({ Username: `${c.unique('é')}_ünïcødé-☃` })(c), expect: 'ok' },
  { operation: 'SignUp', input: signUp({ Username: undefined }), expect: 'InvalidParameterException', at: 'username' },
  { operation: 'SignUp', input: signUp({ ClientId: 'not a client' }), expect: 'InvalidParameterException', at: 'clientId' },
  { operation: 'SignUp', input: signUp({ SecretHash: '' }), expect: 'InvalidParameterException', at: 'secretHash' },
  { operation: 'SignUp', input: signUp({ UserAttributes: [{ Name: '', Value: 'x' }] }), expect: 'InvalidParameterException', at: 'userAttributes.1.member.name' },
  { operation: 'SignUp', input: signUp({ UserAttributes: [{ Name: 'email', Value: 'x@example.com' }, { Name: 'n'.repeat(33), Value: 'x' }] }), expect: 'InvalidParameterException', at: 'userAttributes.2.member.name' },
  { operation: 'SignUp', input: signUp({ UserAttributes: [{ Name: 'name', Value: 'v'.repeat(2049) }] }), expect: 'InvalidParameterException', at: 'userAttributes.1.member.value' },
  { operation: 'SignUp', input: signUp({ UserAttributes: [{ Value: 'x' }] }), expect: 'InvalidParameterException', at: 'userAttributes.1.member.name' },
  { operation: 'SignUp', input: signUp({ ClientMetadata: { key: 'value' } }), expect: 'ok' },

  // Confirmation codes: 1–2048 non-space characters; sessions 20–2048.
  { operation: 'ConfirmSignUp', input: (c) => ({ ClientId: c.pool.clientId, Username: 'nobody', ConfirmationCode: '12 34' }), expect: 'InvalidParameterException', at: 'confirmationCode' },
  { operation: 'ConfirmSignUp', input: (c) => ({ ClientId: c.pool.clientId, Username: 'nobody', ConfirmationCode: '' }), expect: 'InvalidParameterException', at: 'confirmationCode' },
  { operation: 'ConfirmSignUp', input: (c) => ({ ClientId: c.pool.clientId, Username: 'nobody', ConfirmationCode: '1'.repeat(2049) }), expect: 'InvalidParameterException', at: 'confirmationCode' },
  { operation: 'ConfirmSignUp', input: (c) => ({ ClientId: c.pool.clientId, Username: 'nobody', ConfirmationCode: '123456', Session: 's'.repeat(19) }), expect: 'InvalidParameterException', at: 'session' },
  { operation: 'ConfirmSignUp', input: (c) => ({ ClientId: c.pool.clientId, Username: 'nobody', ConfirmationCode: '123456' }), expect: 'UserNotFoundException' },

  // Enums.
  { operation: 'InitiateAuth', input: (c) => ({ ClientId: c.pool.clientId, AuthFlow: 'NO_SUCH_FLOW' }), expect: 'InvalidParameterException', at: 'authFlow' },
  { operation: 'InitiateAuth', input: (c) => ({ ClientId: c.pool.clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD: 'Inner space1!' } }), expect: 'UserNotFoundException' },
  { operation: 'RespondToAuthChallenge', input: (c) => ({ ClientId: c.pool.clientId, ChallengeName: 'NO_SUCH_CHALLENGE', Session: 's'.repeat(40) }), expect: 'InvalidParameterException', at: 'challengeName' },
  { operation: 'RespondToAuthChallenge', input: (c) => ({ ClientId: c.pool.clientId, ChallengeName: 'SMS_MFA', Session: 's'.repeat(2049) }), expect: 'InvalidParameterException', at: 'session' },
  { operation: 'RespondToAuthChallenge', input: (c) => ({ ClientId: c.pool.clientId, ChallengeName: 'SMS_MFA', Session: 's'.repeat(40), ChallengeResponses: { USERNAME: 'x' } }), expect: 'NotAuthorizedException' },

  // TOTP codes: exactly 6 digits.
  { operation: 'VerifySoftwareToken', input: async (c) => ({ AccessToken: (await c.user()).accessToken, UserCode: '12345' }), expect: 'InvalidParameterException', at: 'userCode' },
  { operation: 'VerifySoftwareToken', input: async (c) => ({ AccessToken: (await c.user()).accessToken, UserCode: '12345a' }), expect: 'InvalidParameterException', at: 'userCode' },
  { operation: 'VerifySoftwareToken', input: async (c) => ({ AccessToken: (await c.user()).accessToken, UserCode: '123456' }), expect: 'SoftwareTokenMFANotFoundException' },
  { operation: 'AssociateSoftwareToken', input: () => ({}), expect: 'InvalidParameterException' },

  // Tokens: `[A-Za-z0-9-_=.]+`.
  { operation: 'GetUser', input: () => ({ AccessToken: 'has space' }), expect: 'InvalidParameterException', at: 'accessToken' },
  { operation: 'GetUser', input: () => ({ AccessToken: '' }), expect: 'InvalidParameterException', at: 'accessToken' },
  { operation: 'GetUser', input: () => ({}), expect: 'InvalidParameterException', at: 'accessToken' },
  { operation: 'GetUser', input: () => ({ AccessToken: 'abc.def.ghi' }), expect: 'NotAuthorizedException' },
  { operation: 'RevokeToken', input: (c) => ({ ClientId: c.pool.clientId }), expect: 'InvalidParameterException', at: 'token' },
  { operation: 'GetTokensFromRefreshToken', input: (c) => ({ ClientId: c.pool.clientId, RefreshToken: 'x', ClientSecret: 'short' }), expect: 'InvalidParameterException', at: 'clientSecret' },
  { operation: 'GetTokensFromRefreshToken', input: (c) => ({ ClientId: c.pool.clientId, RefreshToken: 'x', DeviceKey: 'no-underscore' }), expect: 'InvalidParameterException', at: 'deviceKey' },

  // Attribute names: 1–32.
  { operation: 'VerifyUserAttribute', input: async (c) => ({ AccessToken: (await c.user()).accessToken, AttributeName: 'a'.repeat(33), Code: '123456' }), expect: 'InvalidParameterException', at: 'attributeName' },
  { operation: 'VerifyUserAttribute', input: async (c) => ({ AccessToken: (await c.user()).accessToken, AttributeName: 'email', Code: ' 1' }), expect: 'InvalidParameterException', at: 'code' },
  { operation: 'GetUserAttributeVerificationCode', input: async (c) => ({ AccessToken: (await c.user()).accessToken, AttributeName: 'email' }), expect: 'ok' },

  // Password changes and resets take inner spaces too.
  { operation: 'ChangePassword', input: async (c) => ({ AccessToken: (await c.user()).accessToken, PreviousPassword: PASSWORD, ProposedPassword: 'New pass word1!' }), expect: 'ok' },
  { operation: 'ChangePassword', input: async (c) => ({ AccessToken: (await c.user()).accessToken, PreviousPassword: PASSWORD, ProposedPassword: 'New-pass1! ' }), expect: 'InvalidParameterException', at: 'proposedPassword' },
  { operation: 'ChangePassword', input: async (c) => ({ AccessToken: (await c.user()).accessToken, PreviousPassword: '', ProposedPassword: 'New-pass1!' }), expect: 'InvalidParameterException', at: 'previousPassword' },
  { operation: 'ChangePassword', input: async (c) => ({ AccessToken: (await c.user()).accessToken, ProposedPassword: 'New-pass1!' }), expect: 'NotAuthorizedException' },
  { operation: 'AdminSetUserPassword', input: async (c) => ({ UserPoolId: c.pool.userPoolId, Username: (await c.user()).username, Password: 'Admin set pass1!', Permanent: true }), expect: 'ok' },
  { operation: 'AdminSetUserPassword', input: async (c) => ({ UserPoolId: c.pool.userPoolId, Username: (await c.user()).username, Password: 'Pass1!', Permanent: 'yes' }), expect: 'InvalidParameterException', at: 'permanent' },

  // Admin operations.
  { operation: 'AdminGetUser', input: () => ({ UserPoolId: 'no-underscore', Username: 'x' }), expect: 'InvalidParameterException', at: 'userPoolId' },
  { operation: 'AdminGetUser', input: () => ({ UserPoolId: POOL_ID, Username: 'x' }), expect: 'ResourceNotFoundException' },
  { operation: 'AdminCreateUser', input: (c) => ({ UserPoolId: c.pool.userPoolId, Username: c.unique('adm'), MessageAction: 'SHOUT' }), expect: 'InvalidParameterException', at: 'messageAction' },
  { operation: 'AdminCreateUser', input: (c) => ({ UserPoolId: c.pool.userPoolId, Username: c.unique('adm'), DesiredDeliveryMediums: ['FAX'] }), expect: 'InvalidParameterException', at: 'desiredDeliveryMediums' },
  { operation: 'AdminCreateUser', input: (c) => ({ UserPoolId: c.pool.userPoolId, Username: c.unique('adm'), TemporaryPassword: ' Temp-pass1' }), expect: 'InvalidParameterException', at: 'temporaryPassword' },
  { operation: 'AdminCreateUser', input: (c) => ({ UserPoolId: c.pool.userPoolId, Username: c.unique('adm'), TemporaryPassword: 'Temp pass1!', MessageAction: 'SUPPRESS' }), expect: 'ok' },

  // Control plane.
  { operation: 'CreateUserPool', input: () => ({ PoolName: '' }), expect: 'InvalidParameterException', at: 'poolName' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'pool/slash' }), expect: 'InvalidParameterException', at: 'poolName' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', Policies: { PasswordPolicy: { MinimumLength: 5 } } }), expect: 'InvalidParameterException', at: 'policies.passwordPolicy.minimumLength' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', Schema: [] }), expect: 'InvalidParameterException', at: 'schema' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', Schema: [{ Name: 'n'.repeat(21), AttributeDataType: 'String' }] }), expect: 'InvalidParameterException', at: 'schema.1.member.name' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', Schema: [{ Name: 'flavour', AttributeDataType: 'Text' }] }), expect: 'InvalidParameterException', at: 'schema.1.member.attributeDataType' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', MfaConfiguration: 'SOMETIMES' }), expect: 'InvalidParameterException', at: 'mfaConfiguration' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', UsernameConfiguration: {} }), expect: 'InvalidParameterException', at: 'usernameConfiguration.caseSensitive' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', AliasAttributes: ['nickname'] }), expect: 'InvalidParameterException', at: 'aliasAttributes' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'p', SmsConfiguration: { ExternalId: 'x' } }), expect: 'InvalidParameterException', at: 'smsConfiguration.snsCallerArn' },
  { operation: 'CreateUserPool', input: () => ({ PoolName: 'My pool, v2 test@local' }), expect: 'ok' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', AuthSessionValidity: 2 }), expect: 'InvalidParameterException', at: 'authSessionValidity' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', AuthSessionValidity: 16 }), expect: 'InvalidParameterException', at: 'authSessionValidity' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', AuthSessionValidity: 15 }), expect: 'ok' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', AccessTokenValidity: 0 }), expect: 'InvalidParameterException', at: 'accessTokenValidity' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', ExplicitAuthFlows: ['ALLOW_TELEPATHY'] }), expect: 'InvalidParameterException', at: 'explicitAuthFlows' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', PreventUserExistenceErrors: 'SOMETIMES' }), expect: 'InvalidParameterException', at: 'preventUserExistenceErrors' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c', TokenValidityUnits: { AccessToken: 'weeks' } }), expect: 'InvalidParameterException', at: 'tokenValidityUnits.accessToken' },
  { operation: 'CreateUserPoolClient', input: (c) => ({ UserPoolId: c.pool.userPoolId, ClientName: 'c/d' }), expect: 'InvalidParameterException', at: 'clientName' },
  { operation: 'SetUserPoolMfaConfig', input: (c) => ({ UserPoolId: c.pool.userPoolId, SmsMfaConfiguration: { SmsAuthenticationMessage: 'no code here' } }), expect: 'InvalidParameterException', at: 'smsMfaConfiguration.smsAuthenticationMessage' },
  { operation: 'SetUserPoolMfaConfig', input: (c) => ({ UserPoolId: c.pool.userPoolId, SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your code is {####}' } }), expect: 'ok' },
];

async function outcome(operation: string, input: Json): Promise<{ name: string; message?: string }> {
  try {
    await ctx.pool.cognito.send(operation, input);
    return { name: 'ok' };
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

describe("inputs are checked as Cognito's API reference says", () => {
  it.each(ROWS.map((row, index) => [`${index + 1}. ${row.operation} → ${row.expect}${row.at ? ` at '${row.at}'` : ''}`, row] as const))('%s', async (_, row) => {
    const result = await outcome(row.operation, await row.input(ctx));
    expect(result.name, result.message).toBe(row.expect);
    if (row.at) {
      expect(result.message).toMatch(/^\d+ validation errors? detected: /);
      expect(result.message).toContain(` at '${row.at}' failed to satisfy constraint: `);
    } else if (row.expect !== 'ok') {
      expect(result.message).not.toMatch(/validation errors? detected/);
    }
  });

  it('sensitive values are never echoed; others are', async () => {
    const sensitive = await outcome('SignUp', { ClientId: ctx.pool.clientId, Username: 'sec ret', Password: ' hunter2 ' });
    expect(sensitive.message).toBe(
      "2 validation errors detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+; " +
        "Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
    );
    const shown = await outcome('InitiateAuth', { ClientId: ctx.pool.clientId, AuthFlow: 'NO_SUCH_FLOW' });
    expect(shown.message).toMatch(/^1 validation error detected: Value 'NO_SUCH_FLOW' at 'authFlow' failed to satisfy constraint: Member must satisfy enum value set: \[USER_SRP_AUTH, /);
  });

  it('a password with inner spaces signs up, signs in (password and SRP) and changes', async () => {
    const { pool } = ctx;
    const send = (operation: string, input: Json) => pool.cognito.send(operation, input) as Promise<Json>;
    await send('SignUp', { ClientId: pool.clientId, Username: 'spacey', Password: 'correct horse Battery 1', UserAttributes: [{ Name: 'email', Value: 'spacey@example.com' }] });
    await send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'spacey', ConfirmationCode: pool.lastCode('spacey')! });
    const signedIn = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'spacey', PASSWORD: 'correct horse Battery 1' } });
    expect(signedIn.AuthenticationResult.AccessToken).toBeTruthy();
    await send('ChangePassword', { AccessToken: signedIn.AuthenticationResult.AccessToken, PreviousPassword: 'correct horse Battery 1', ProposedPassword: 'staple battery Horse 2' });
    const srp = await startSrp();
    const challenge = await send('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'spacey', SRP_A: srp.srpA } });
    const p = challenge.ChallengeParameters;
    const proof = await srp.respond({
      poolName: poolNameOf(pool.userPoolId), userIdForSrp: p.USER_ID_FOR_SRP, password: 'staple battery Horse 2',
      salt: p.SALT, srpB: p.SRP_B, secretBlock: p.SECRET_BLOCK,
    });
    const again = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: challenge.Session,
      ChallengeResponses: { USERNAME: p.USER_ID_FOR_SRP, PASSWORD_CLAIM_SECRET_BLOCK: p.SECRET_BLOCK, PASSWORD_CLAIM_SIGNATURE: proof.signature, TIMESTAMP: proof.timestamp },
    });
    expect(again.AuthenticationResult.AccessToken).toBeTruthy();
  });
});
