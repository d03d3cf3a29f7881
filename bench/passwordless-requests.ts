/**
 * Cognito requests per passwordless and passkey flow, counted at the server, as bench/requests.ts counts the
 * classic flows: this project (createAuth with fetchTransport, and with sdkTransport) and aws-amplify v6 against
 * the local user pool over HTTP on 127.0.0.1. amazon-cognito-identity-js has no USER_AUTH, email MFA or passkeys,
 * so it has no row here. Setup through the admin API happens outside the counting window.
 *
 * Amplify's passkey ceremonies call `navigator.credentials`; here a shim (bench/webauthn-shim.ts) answers them with
 * the same software authenticator our adapter uses, and is installed only while those two flows run.
 */
import { Amplify } from 'aws-amplify';
import {
  associateWebAuthnCredential,
  autoSignIn,
  confirmSignIn,
  confirmSignUp,
  signIn as amplifySignIn,
  signOut as amplifySignOut,
  signUp as amplifySignUp,
} from 'aws-amplify/auth';
import { waitFor } from 'xstate';
import { createAuth, type AuthActor } from '../core.js';
import { fetchTransport } from '../fetch.js';
import { passkeys, type WebAuthnAdapter } from '../passkeys.js';
import { sdkTransport } from '../sdk.js';
import type { Transport } from '../services/transport.js';
import { requestCounter } from './request-counter.js';
import { createLocalUserPool, startLocalCognito, type LocalUserPool } from '@cognito-auth-machine/local-pool';
import { SoftwareAuthenticator } from '../packages/local-pool/test/software-authenticator.js';
import { installWebAuthnShim } from './webauthn-shim.js';

const PASSWORD = 'Passw0rd!';
/** The page the passkey ceremonies run for; the pool's relying party is its host. */
const ORIGIN = 'http://localhost:5173';

export const PASSWORDLESS_FLOWS = [
  'email OTP sign-in (USER_AUTH, EMAIL_OTP)',
  'SMS OTP sign-in (USER_AUTH, SMS_OTP)',
  'SELECT_CHALLENGE, then an emailed code',
  'password inside USER_AUTH (PASSWORD)',
  'SRP inside USER_AUTH (PASSWORD_SRP)',
  'email MFA after a password (SRP)',
  'passwordless sign-up → confirm → auto sign-in',
  'passkey registration',
  'passkey sign-in (WEB_AUTHN)',
] as const;
export type PasswordlessFlow = (typeof PASSWORDLESS_FLOWS)[number];

/** Per flow, the operations the server received, in order. */
export type PasswordlessFlowRequests = Record<PasswordlessFlow, string[]>;

export interface PasswordlessBenchRow {
  client: string;
  flows: PasswordlessFlowRequests;
}

interface Harness {
  endpoint: string;
  /** AllowedFirstAuthFactors PASSWORD, EMAIL_OTP, SMS_OTP, WEB_AUTHN; a client that allows USER_AUTH and refresh only. */
  passwordless: LocalUserPool;
  /** Optional MFA with email as a second factor; the client's default flows (SRP among them). */
  emailMfa: LocalUserPool;
  count(work: () => Promise<unknown>): Promise<string[]>;
  user(pool: LocalUserPool, prefix: string): Promise<string>;
}

let serial = 0;

async function harness(): Promise<{ harness: Harness; close(): Promise<void> }> {
  const server = await startLocalCognito({ host: '127.0.0.1', port: 0 });
  const passwordless = await createLocalUserPool({
    cognito: server.cognito,
    pool: { Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN'] } } },
    client: { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
    mfa: { WebAuthnConfiguration: { RelyingPartyId: new URL(ORIGIN).hostname, UserVerification: 'required' } },
  });
  const emailMfa = await createLocalUserPool({
    cognito: server.cognito,
    mfa: { MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Your code is {####}', Subject: 'Sign-in code' } },
  });
  const { count } = requestCounter(server);
  return {
    harness: {
      endpoint: server.endpoint,
      passwordless,
      emailMfa,
      count,
      async user(pool, prefix) {
        const username = `${prefix}${(serial += 1)}`;
        await pool.admin.createUser(username, {
          attributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'phone_number', Value: `+1555010${String(serial).padStart(4, '0')}` },
            { Name: 'phone_number_verified', Value: 'true' },
          ],
          suppress: true,
        });
        await pool.admin.setPassword(username, PASSWORD, true);
        if (pool === emailMfa) {
          await pool.admin.send('AdminSetUserMFAPreference', { Username: username, EmailMfaSettings: { Enabled: true, PreferredMfa: true } });
        }
        return username;
      },
    },
    close: () => server.close(),
  };
}

function codeFor(pool: LocalUserPool, username: string, purpose?: string): string {
  const code = pool.lastCode(username, purpose);
  if (!code) throw new Error(`no code was sent to ${username}`);
  return code;
}

function expectState(auth: AuthActor, expected: unknown): void {
  const value = auth.getSnapshot().value;
  if (JSON.stringify(value) !== JSON.stringify(expected)) {
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(value)} (${auth.getSnapshot().context.error?.message ?? ''})`);
  }
}

/** The software authenticator as our WebAuthn adapter: the JSON in, the JSON a browser's toJSON() gives out. */
function softwareAdapter(authenticator: SoftwareAuthenticator): WebAuthnAdapter {
  return {
    get: async (json) => JSON.stringify(authenticator.get(JSON.parse(json) as Record<string, unknown>, ORIGIN)),
    create: async (json) => JSON.stringify(authenticator.create(JSON.parse(json) as Record<string, unknown>, ORIGIN)),
  };
}

async function ours(h: Harness, transport: Transport): Promise<PasswordlessFlowRequests> {
  const authenticator = new SoftwareAuthenticator();
  const start = (pool: LocalUserPool, authFlow?: 'USER_AUTH') =>
    createAuth(
      { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, transport, ...(authFlow ? { authFlow } : {}) },
      { passkeys: passkeys({ adapter: softwareAdapter(authenticator) }) },
    );
  const run = async (auth: AuthActor, event: Parameters<AuthActor['send']>[0], expected: unknown) => {
    auth.send(event);
    await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });
    expectState(auth, expected);
  };
  /** A fresh actor, settled, for one counted flow on `pool`. */
  const fresh = async (pool: LocalUserPool, authFlow?: 'USER_AUTH') => {
    const auth = start(pool, authFlow);
    await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });
    return auth;
  };
  const pool = h.passwordless;

  /** One counted flow for a new user on `on`, USER_AUTH unless `classic` (the client's default, SRP). */
  const flow = async (work: (auth: AuthActor, username: string) => Promise<void>, on = pool, classic = false) => {
    const username = await h.user(on, 'ours');
    const auth = await fresh(on, classic ? undefined : 'USER_AUTH');
    const requests = await h.count(() => work(auth, username));
    auth.stop();
    return requests;
  };

  const emailOtp = await flow(async (auth, username) => {
    await run(auth, { type: 'SIGN_IN', username, preferredChallenge: 'EMAIL_OTP' }, { challenge: 'emailOtp' });
    await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(pool, username) }, { signedIn: 'idle' });
  });
  const smsOtp = await flow(async (auth, username) => {
    await run(auth, { type: 'SIGN_IN', username, preferredChallenge: 'SMS_OTP' }, { challenge: 'smsOtp' });
    await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(pool, username) }, { signedIn: 'idle' });
  });
  const select = await flow(async (auth, username) => {
    await run(auth, { type: 'SIGN_IN', username }, { challenge: 'selectChallenge' });
    await run(auth, { type: 'SELECT_CHALLENGE', challenge: 'EMAIL_OTP' }, { challenge: 'emailOtp' });
    await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(pool, username) }, { signedIn: 'idle' });
  });
  const password = await flow((auth, username) =>
    run(auth, { type: 'SIGN_IN', username, password: PASSWORD, preferredChallenge: 'PASSWORD' }, { signedIn: 'idle' }),
  );
  const srp = await flow((auth, username) =>
    run(auth, { type: 'SIGN_IN', username, password: PASSWORD, preferredChallenge: 'PASSWORD_SRP' }, { signedIn: 'idle' }),
  );
  const emailMfa = await flow(
    async (auth, username) => {
      await run(auth, { type: 'SIGN_IN', username, password: PASSWORD }, { challenge: 'emailOtp' });
      await run(auth, { type: 'CONFIRM_SIGN_IN', code: codeFor(h.emailMfa, username) }, { signedIn: 'idle' });
    },
    h.emailMfa,
    true,
  );

  const newName = `oursnopw${(serial += 1)}`;
  const signUpActor = await fresh(pool, 'USER_AUTH');
  const signUp = await h.count(async () => {
    await run(signUpActor, { type: 'SIGN_UP', username: newName, attributes: { email: `${newName}@example.com` }, autoSignIn: true }, { confirmingSignUp: 'idle' });
    await run(signUpActor, { type: 'CONFIRM_SIGN_UP', code: codeFor(pool, newName, 'SignUp') }, { signedIn: 'idle' });
  });
  signUpActor.stop();

  // Registration while signed in (with a password inside USER_AUTH, not counted), then sign-in with that passkey.
  const passkeyUser = await h.user(pool, 'ourspk');
  const auth = await fresh(pool, 'USER_AUTH');
  await run(auth, { type: 'SIGN_IN', username: passkeyUser, password: PASSWORD, preferredChallenge: 'PASSWORD' }, { signedIn: 'idle' });
  const register = await h.count(async () => {
    await run(auth, { type: 'REGISTER_PASSKEY' }, { signedIn: 'idle' });
    if (auth.getSnapshot().context.error) throw new Error(`passkey registration: ${auth.getSnapshot().context.error?.message}`);
  });
  await run(auth, { type: 'SIGN_OUT' }, 'signedOut');
  const passkeySignIn = await h.count(() => run(auth, { type: 'SIGN_IN', username: passkeyUser, preferredChallenge: 'WEB_AUTHN' }, { signedIn: 'idle' }));
  auth.stop();

  return {
    'email OTP sign-in (USER_AUTH, EMAIL_OTP)': emailOtp,
    'SMS OTP sign-in (USER_AUTH, SMS_OTP)': smsOtp,
    'SELECT_CHALLENGE, then an emailed code': select,
    'password inside USER_AUTH (PASSWORD)': password,
    'SRP inside USER_AUTH (PASSWORD_SRP)': srp,
    'email MFA after a password (SRP)': emailMfa,
    'passwordless sign-up → confirm → auto sign-in': signUp,
    'passkey registration': register,
    'passkey sign-in (WEB_AUTHN)': passkeySignIn,
  };
}

async function amplify(h: Harness): Promise<PasswordlessFlowRequests> {
  const configure = (pool: LocalUserPool) =>
    Amplify.configure({ Auth: { Cognito: { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, userPoolEndpoint: h.endpoint } } });
  const must = (condition: boolean, what: string) => {
    if (!condition) throw new Error(`aws-amplify: ${what}`);
  };
  const pool = h.passwordless;
  const userAuth = { authFlowType: 'USER_AUTH' } as const;
  configure(pool);

  /** One counted flow for a new user, signed out after (outside the count). */
  const flow = async (work: (username: string) => Promise<void>, on = pool) => {
    const username = await h.user(on, 'amp');
    const requests = await h.count(() => work(username));
    await amplifySignOut();
    return requests;
  };

  const emailOtp = await flow(async (username) => {
    const out = await amplifySignIn({ username, options: { ...userAuth, preferredChallenge: 'EMAIL_OTP' } });
    must(out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `email code asked (${out.nextStep.signInStep})`);
    must((await confirmSignIn({ challengeResponse: codeFor(pool, username) })).isSignedIn, 'email OTP sign-in');
  });
  const smsOtp = await flow(async (username) => {
    const out = await amplifySignIn({ username, options: { ...userAuth, preferredChallenge: 'SMS_OTP' } });
    must(out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE', `SMS code asked (${out.nextStep.signInStep})`);
    must((await confirmSignIn({ challengeResponse: codeFor(pool, username) })).isSignedIn, 'SMS OTP sign-in');
  });
  const select = await flow(async (username) => {
    const out = await amplifySignIn({ username, options: userAuth });
    must(out.nextStep.signInStep === 'CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION', `factor selection offered (${out.nextStep.signInStep})`);
    const chosen = await confirmSignIn({ challengeResponse: 'EMAIL_OTP' });
    must(chosen.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `email code asked (${chosen.nextStep.signInStep})`);
    must((await confirmSignIn({ challengeResponse: codeFor(pool, username) })).isSignedIn, 'signed in after the selection');
  });
  const password = await flow(async (username) => {
    must((await amplifySignIn({ username, password: PASSWORD, options: { ...userAuth, preferredChallenge: 'PASSWORD' } })).isSignedIn, 'PASSWORD sign-in');
  });
  const srp = await flow(async (username) => {
    must((await amplifySignIn({ username, password: PASSWORD, options: { ...userAuth, preferredChallenge: 'PASSWORD_SRP' } })).isSignedIn, 'PASSWORD_SRP sign-in');
  });
  configure(h.emailMfa);
  const emailMfa = await flow(async (username) => {
    const out = await amplifySignIn({ username, password: PASSWORD });
    must(out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_EMAIL_CODE', `email MFA code asked (${out.nextStep.signInStep})`);
    must((await confirmSignIn({ challengeResponse: codeFor(h.emailMfa, username) })).isSignedIn, 'email MFA sign-in');
  }, h.emailMfa);
  configure(pool);

  const newName = `ampnopw${(serial += 1)}`;
  const signUp = await h.count(async () => {
    await amplifySignUp({ username: newName, options: { userAttributes: { email: `${newName}@example.com` }, autoSignIn: userAuth } });
    const confirmed = await confirmSignUp({ username: newName, confirmationCode: codeFor(pool, newName, 'SignUp') });
    must(confirmed.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN', 'auto sign-in offered');
    must((await autoSignIn()).isSignedIn, 'signed in automatically');
  });
  await amplifySignOut();

  const passkeyUser = await h.user(pool, 'amppk');
  const uninstall = installWebAuthnShim(new SoftwareAuthenticator(), ORIGIN);
  try {
    must((await amplifySignIn({ username: passkeyUser, password: PASSWORD, options: { ...userAuth, preferredChallenge: 'PASSWORD' } })).isSignedIn, 'signed in to register');
    const register = await h.count(() => associateWebAuthnCredential());
    await amplifySignOut();
    const passkeySignIn = await h.count(async () => {
      must((await amplifySignIn({ username: passkeyUser, options: { ...userAuth, preferredChallenge: 'WEB_AUTHN' } })).isSignedIn, 'passkey sign-in');
    });
    await amplifySignOut();
    return {
      'email OTP sign-in (USER_AUTH, EMAIL_OTP)': emailOtp,
      'SMS OTP sign-in (USER_AUTH, SMS_OTP)': smsOtp,
      'SELECT_CHALLENGE, then an emailed code': select,
      'password inside USER_AUTH (PASSWORD)': password,
      'SRP inside USER_AUTH (PASSWORD_SRP)': srp,
      'email MFA after a password (SRP)': emailMfa,
      'passwordless sign-up → confirm → auto sign-in': signUp,
      'passkey registration': register,
      'passkey sign-in (WEB_AUTHN)': passkeySignIn,
    };
  } finally {
    uninstall();
  }
}

export async function runPasswordlessRequestsBench(): Promise<PasswordlessBenchRow[]> {
  const { harness: h, close } = await harness();
  try {
    return [
      { client: 'this project (core + fetch)', flows: await ours(h, fetchTransport({ endpoint: h.endpoint })) },
      { client: 'this project (root, SDK)', flows: await ours(h, sdkTransport({ endpoint: h.endpoint })) },
      { client: 'aws-amplify v6', flows: await amplify(h) },
    ];
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await runPasswordlessRequestsBench()) {
    console.log(row.client);
    for (const flow of PASSWORDLESS_FLOWS) console.log(`  ${flow}: ${row.flows[flow].length} — ${row.flows[flow].join(', ')}`);
  }
  process.exit(0);
}
