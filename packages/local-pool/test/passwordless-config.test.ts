import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserPoolMfaConfigCommand,
  SetUserPoolMfaConfigCommand,
  type AuthFactorType,
} from '@aws-sdk/client-cognito-identity-provider';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalCognito } from '../src/local-cognito-server.js';
import { expectError } from './helpers.js';
import { sdkClientFor, startHarness, type Harness } from './sdk-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

function passwordlessPool(factors: AuthFactorType[]) {
  return h.pool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors } } }, { ExplicitAuthFlows: ['ALLOW_USER_AUTH'] });
}

describe('passwordless configuration', () => {
  it('DescribeUserPool shows SignInPolicy; SetUserPoolMfaConfig keeps email MFA and WebAuthn settings and checks them', async () => {
    const { userPoolId } = await passwordlessPool(['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN']);
    const described = await h.sdk.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
    expect(described.UserPool!.Policies!.SignInPolicy).toEqual({ AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'WEB_AUTHN'] });
    const set = await h.sdk.send(new SetUserPoolMfaConfigCommand({
      UserPoolId: userPoolId,
      MfaConfiguration: 'OPTIONAL',
      EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
    }));
    expect(set.EmailMfaConfiguration).toEqual({ Message: 'Your code is {####}', Subject: 'Sign-in code' });
    const got = await h.sdk.send(new GetUserPoolMfaConfigCommand({ UserPoolId: userPoolId }));
    expect(got).toMatchObject({
      MfaConfiguration: 'OPTIONAL',
      EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' },
      WebAuthnConfiguration: { RelyingPartyId: 'localhost', UserVerification: 'required' },
    });
    await expectError(
      h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, EmailMfaConfiguration: { Message: 'no code here' } })),
      'InvalidParameterException', /\{####\}/,
    );
    await expectError(
      h.sdk.send(new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, WebAuthnConfiguration: { RelyingPartyId: 'x'.repeat(128) } })),
      'InvalidParameterException',
    );
  });

  it('refuses SOFTWARE_TOKEN as a first factor, and choice-based sign-in on the LITE plan', async () => {
    await expectError(passwordlessPool(['PASSWORD', 'SOFTWARE_TOKEN' as AuthFactorType]), 'InvalidParameterException', /SOFTWARE_TOKEN/);
    await expectError(
      h.pool({ UserPoolTier: 'LITE', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }),
      'FeatureUnavailableInTierException',
    );
  });

  it('keeps SignInPolicy, email MFA and WebAuthn settings across a restart with a data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'passwordless-'));
    try {
      const first = await startLocalCognito({ host: '127.0.0.1', port: 0, dataDir });
      const sdk = sdkClientFor(first.endpoint);
      const created = await sdk.send(new CreateUserPoolCommand({ PoolName: 'kept', Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'WEB_AUTHN'] } } }));
      const UserPoolId = created.UserPool!.Id!;
      await sdk.send(new SetUserPoolMfaConfigCommand({
        UserPoolId, EmailMfaConfiguration: { Message: 'Code {####}' }, WebAuthnConfiguration: { RelyingPartyId: 'example.com' },
      }));
      sdk.destroy();
      await first.close();
      const second = await startLocalCognito({ host: '127.0.0.1', port: 0, dataDir });
      const again = sdkClientFor(second.endpoint);
      try {
        const described = await again.send(new DescribeUserPoolCommand({ UserPoolId }));
        expect(described.UserPool!.Policies!.SignInPolicy!.AllowedFirstAuthFactors).toEqual(['PASSWORD', 'WEB_AUTHN']);
        expect(await again.send(new GetUserPoolMfaConfigCommand({ UserPoolId }))).toMatchObject({
          EmailMfaConfiguration: { Message: 'Code {####}' },
          WebAuthnConfiguration: { RelyingPartyId: 'example.com', UserVerification: 'preferred', FactorConfiguration: 'SINGLE_FACTOR' },
        });
      } finally {
        again.destroy();
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
