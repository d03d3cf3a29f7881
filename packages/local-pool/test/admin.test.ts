import { describe, expect, it } from 'vitest';
import { manualClock } from '../src/clock.js';
import { createLocalCognito } from '../src/local-cognito.js';
import { createLocalUserPool } from '../src/local-user-pool.js';
import { call, expectError } from './helpers.js';

describe('admin operations and pool settings', () => {
  it('AdminCreateUser sends an invitation with the temporary password, RESEND replaces it, and it expires', async () => {
    const clock = manualClock();
    const pool = await createLocalUserPool({ clock, pool: { Policies: { PasswordPolicy: { TemporaryPasswordValidityDays: 2 } } } });
    const send = call(pool.cognito);
    const created = await send('AdminCreateUser', {
      UserPoolId: pool.userPoolId, Username: 'ann', DesiredDeliveryMediums: ['EMAIL'],
      UserAttributes: [{ Name: 'email', Value: 'ann@example.com' }, { Name: 'email_verified', Value: 'true' }],
    });
    expect(created.User).toMatchObject({ Username: 'ann', Enabled: true, UserStatus: 'FORCE_CHANGE_PASSWORD' });
    expect(typeof created.User.UserCreateDate).toBe('number');
    const invitation = pool.messages().at(-1)!;
    expect(invitation).toMatchObject({ purpose: 'AdminCreateUser', medium: 'EMAIL', destination: 'ann@example.com' });
    await expectError(send('AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'ann' }), 'UsernameExistsException', 'User account already exists');
    await send('AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'ann', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] });
    const resent = pool.lastCode('ann', 'AdminCreateUser')!;
    const auth = (PASSWORD: string) =>
      send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: 'ann', PASSWORD } });
    if (resent !== invitation.code) await expectError(auth(invitation.code), 'NotAuthorizedException');
    expect((await auth(resent)).ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    clock.advance(2 * 24 * 3600_000 + 1);
    await expectError(auth(resent), 'NotAuthorizedException', /Temporary password has expired/);
    await send('AdminSetUserPassword', { UserPoolId: pool.userPoolId, Username: 'ann', Password: 'Perm-Pass1', Permanent: true });
    expect((await auth('Perm-Pass1')).AuthenticationResult).toBeTruthy();
    await expectError(send('AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'ghost', MessageAction: 'RESEND' }), 'UserNotFoundException');
    await expectError(send('AdminCreateUser', { UserPoolId: pool.userPoolId, Username: 'ann', MessageAction: 'RESEND' }), 'UnsupportedUserStateException');
  });

  it('AdminConfirmSignUp, AdminUpdateUserAttributes, AdminDeleteUser and their errors', async () => {
    const pool = await createLocalUserPool();
    const send = call(pool.cognito);
    await send('SignUp', { ClientId: pool.clientId, Username: 'ben', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'ben@example.com' }] });
    await pool.admin.confirmSignUp('ben');
    await expectError(pool.admin.confirmSignUp('ben'), 'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
    const user = await pool.admin.getUser('ben');
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).not.toContainEqual({ Name: 'email_verified', Value: 'true' });
    await pool.admin.updateAttributes('ben', [{ Name: 'email_verified', Value: 'true' }, { Name: 'name', Value: 'Ben' }]);
    expect((await pool.admin.getUser('ben')).UserAttributes).toContainEqual({ Name: 'name', Value: 'Ben' });
    await expectError(pool.admin.updateAttributes('ben', [{ Name: 'sub', Value: 'x' }]), 'InvalidParameterException');
    await pool.admin.deleteUser('ben');
    await expectError(pool.admin.getUser('ben'), 'UserNotFoundException', 'User does not exist.');
    await expectError(pool.admin.deleteUser('ben'), 'UserNotFoundException');
  });

  it('PreventUserExistenceErrors ENABLED hides unknown users in codes and recovery', async () => {
    const pool = await createLocalUserPool({ client: { PreventUserExistenceErrors: 'ENABLED' } });
    const send = call(pool.cognito);
    const resend = await send('ResendConfirmationCode', { ClientId: pool.clientId, Username: 'nobody' });
    expect(resend.CodeDeliveryDetails.DeliveryMedium).toBe('EMAIL');
    const forgot = await send('ForgotPassword', { ClientId: pool.clientId, Username: 'nobody' });
    expect(forgot.CodeDeliveryDetails).toBeTruthy();
    await expectError(send('ConfirmSignUp', { ClientId: pool.clientId, Username: 'nobody', ConfirmationCode: '123456' }), 'CodeMismatchException');
    await expectError(
      send('ConfirmForgotPassword', { ClientId: pool.clientId, Username: 'nobody', ConfirmationCode: '123456', Password: 'Passw0rd!' }),
      'CodeMismatchException',
    );
    expect(pool.messages()).toHaveLength(0);
  });

  it('case-insensitive pools find users whatever the case; case-sensitive pools do not', async () => {
    const cognito = createLocalCognito();
    const insensitive = await createLocalUserPool({ cognito, pool: { UsernameConfiguration: { CaseSensitive: false } } });
    const sensitive = await createLocalUserPool({ cognito });
    for (const pool of [insensitive, sensitive]) {
      await pool.admin.createUser('Carla', { suppress: true });
      await pool.admin.setPassword('Carla', 'Passw0rd!', true);
    }
    expect((await insensitive.admin.getUser('carla')).Username).toBe('Carla');
    await expectError(sensitive.admin.getUser('carla'), 'UserNotFoundException');
    await expectError(insensitive.admin.createUser('CARLA'), 'UsernameExistsException');
  });

  it('CreateUserPoolClient validates flows, validities and session length, and describes itself', async () => {
    const pool = await createLocalUserPool();
    const send = call(pool.cognito);
    const base = { UserPoolId: pool.userPoolId, ClientName: 'c' };
    await expectError(send('CreateUserPoolClient', { ...base, ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'] }), 'InvalidParameterException');
    await expectError(send('CreateUserPoolClient', { ...base, AuthSessionValidity: 2 }), 'InvalidParameterException');
    await expectError(send('CreateUserPoolClient', { ...base, AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } }), 'InvalidParameterException');
    await expectError(send('CreateUserPoolClient', { UserPoolId: 'us-east-1_nope00000', ClientName: 'c' }), 'ResourceNotFoundException');
    const created = await send('CreateUserPoolClient', { ...base, GenerateSecret: true, AccessTokenValidity: 10, TokenValidityUnits: { AccessToken: 'minutes' } });
    expect(created.UserPoolClient.ClientId).toMatch(/^[a-z0-9]{26}$/);
    expect(created.UserPoolClient.ClientSecret).toMatch(/^[a-z0-9]{24,64}$/);
    expect(created.UserPoolClient.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']);
    const described = await send('DescribeUserPoolClient', { UserPoolId: pool.userPoolId, ClientId: created.UserPoolClient.ClientId });
    expect(described.UserPoolClient).toMatchObject({ AccessTokenValidity: 10, AuthSessionValidity: 3, EnableTokenRevocation: true });
    await expectError(pool.cognito.send('CreateUserImportJob', {}), 'UnknownOperationException');
  });
});
