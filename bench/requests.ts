/**
 * Cognito requests per user flow, counted at the server: this project (createAuth with fetchTransport, and with
 * sdkTransport),
 * aws-amplify v6 and amazon-cognito-identity-js, each against the local user pool over HTTP on 127.0.0.1. The
 * count wraps the pool's `send`, which the HTTP server calls once per request it understood; setup done through
 * the admin API happens outside the counting window.
 */
import { Amplify } from 'aws-amplify';
import {
  autoSignIn,
  confirmSignIn,
  confirmSignUp,
  fetchAuthSession,
  signIn as amplifySignIn,
  signOut as amplifySignOut,
  signUp as amplifySignUp,
} from 'aws-amplify/auth';
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { waitFor } from 'xstate';
import { createAuth, type AuthActor } from '../core.js';
import { fetchTransport } from '../fetch.js';
import { sdkTransport } from '../sdk.js';
import type { Transport } from '../services/transport.js';
import { requestCounter } from './request-counter.js';
import { createLocalUserPool, startLocalCognito, type LocalUserPool } from '@cognito-auth-machine/local-pool';

const PASSWORD = 'Passw0rd!';

export const FLOWS = ['sign-up → confirm → auto sign-in', 'SRP sign-in', 'SMS MFA sign-in', 'refresh', 'sign-out'] as const;
export type Flow = (typeof FLOWS)[number];

/** Per flow, the operations the server received, in order. */
export type FlowRequests = Record<Flow, string[]>;

export interface RequestsBenchRow {
  client: string;
  flows: FlowRequests;
}

interface Harness {
  pool: LocalUserPool;
  endpoint: string;
  /** Runs `work` and returns the operations the server received meanwhile. */
  count(work: () => Promise<unknown>): Promise<string[]>;
  user(prefix: string, phone?: string): Promise<string>;
}

let serial = 0;

async function harness(): Promise<{ harness: Harness; close(): Promise<void> }> {
  const server = await startLocalCognito();
  const pool = await createLocalUserPool({
    cognito: server.cognito,
    pool: { MfaConfiguration: 'OPTIONAL', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/sns' } },
  });
  const { count } = requestCounter(server);
  return {
    harness: {
      pool,
      endpoint: server.endpoint,
      count,
      async user(prefix, phone) {
        const username = `${prefix}${(serial += 1)}`;
        await pool.admin.createUser(username, {
          attributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'email_verified', Value: 'true' },
            ...(phone ? [{ Name: 'phone_number', Value: phone }, { Name: 'phone_number_verified', Value: 'true' }] : []),
          ],
          suppress: true,
        });
        await pool.admin.setPassword(username, PASSWORD, true);
        if (phone) await pool.admin.setMfaPreference(username, { sms: { Enabled: true, PreferredMfa: true } });
        return username;
      },
    },
    close: () => server.close(),
  };
}

function expectState(auth: AuthActor, expected: unknown): void {
  const value = auth.getSnapshot().value;
  if (JSON.stringify(value) !== JSON.stringify(expected)) {
    throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(value)} (${auth.getSnapshot().context.error?.message ?? ''})`);
  }
}

async function ours(h: Harness, transport: Transport): Promise<FlowRequests> {
  const start = () => createAuth({ userPoolId: h.pool.userPoolId, userPoolClientId: h.pool.clientId, transport });
  const settle = async (auth: AuthActor) => {
    await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });
  };
  const signedIn = async (username: string) => {
    const auth = start();
    await settle(auth);
    auth.send({ type: 'SIGN_IN', username, password: PASSWORD });
    await settle(auth);
    expectState(auth, { signedIn: 'idle' });
    return auth;
  };

  const username = `ours${(serial += 1)}`;
  const auth = start();
  await settle(auth);
  const signUp = await h.count(async () => {
    auth.send({ type: 'SIGN_UP', username, password: PASSWORD, attributes: { email: `${username}@example.com` }, autoSignIn: true });
    await settle(auth);
    auth.send({ type: 'CONFIRM_SIGN_UP', code: h.pool.lastCode(username)! });
    await settle(auth);
    expectState(auth, { signedIn: 'idle' });
  });
  auth.stop();

  const srpUser = await h.user('ourssrp');
  let actor: AuthActor | undefined;
  const srp = await h.count(async () => {
    actor = await signedIn(srpUser);
  });
  actor?.stop();

  const smsUser = await h.user('ourssms', '+15550001111');
  const sms = await h.count(async () => {
    const auth = start();
    await settle(auth);
    auth.send({ type: 'SIGN_IN', username: smsUser, password: PASSWORD });
    await settle(auth);
    expectState(auth, { challenge: 'smsMfa' });
    auth.send({ type: 'CONFIRM_SIGN_IN', code: h.pool.lastCode(smsUser, 'Authentication')! });
    await settle(auth);
    expectState(auth, { signedIn: 'idle' });
    auth.stop();
  });

  const session = await signedIn(await h.user('oursrefresh'));
  const refresh = await h.count(async () => {
    session.send({ type: 'REFRESH' });
    await settle(session);
    expectState(session, { signedIn: 'idle' });
  });
  const signOut = await h.count(async () => {
    session.send({ type: 'SIGN_OUT' });
    await settle(session);
    expectState(session, 'signedOut');
  });
  session.stop();
  return { 'sign-up → confirm → auto sign-in': signUp, 'SRP sign-in': srp, 'SMS MFA sign-in': sms, refresh, 'sign-out': signOut };
}

async function amplify(h: Harness): Promise<FlowRequests> {
  Amplify.configure({ Auth: { Cognito: { userPoolId: h.pool.userPoolId, userPoolClientId: h.pool.clientId, userPoolEndpoint: h.endpoint } } });
  const must = (condition: boolean, what: string) => {
    if (!condition) throw new Error(`aws-amplify: ${what}`);
  };

  const username = `amp${(serial += 1)}`;
  const signUp = await h.count(async () => {
    await amplifySignUp({ username, password: PASSWORD, options: { userAttributes: { email: `${username}@example.com` }, autoSignIn: true } });
    const confirmed = await confirmSignUp({ username, confirmationCode: h.pool.lastCode(username)! });
    must(confirmed.nextStep.signUpStep === 'COMPLETE_AUTO_SIGN_IN', 'auto sign-in offered');
    must((await autoSignIn()).isSignedIn, 'signed in automatically');
  });
  await amplifySignOut();

  const srpUser = await h.user('ampsrp');
  const srp = await h.count(async () => {
    must((await amplifySignIn({ username: srpUser, password: PASSWORD })).isSignedIn, 'SRP sign-in');
  });
  await amplifySignOut();

  const smsUser = await h.user('ampsms', '+15550002222');
  const sms = await h.count(async () => {
    const out = await amplifySignIn({ username: smsUser, password: PASSWORD });
    must(out.nextStep.signInStep === 'CONFIRM_SIGN_IN_WITH_SMS_CODE', 'SMS code asked');
    must((await confirmSignIn({ challengeResponse: h.pool.lastCode(smsUser, 'Authentication')! })).isSignedIn, 'SMS sign-in');
  });
  await amplifySignOut();

  await amplifySignIn({ username: await h.user('amprefresh'), password: PASSWORD });
  const refresh = await h.count(async () => {
    must((await fetchAuthSession({ forceRefresh: true })).tokens !== undefined, 'refreshed');
  });
  const signOut = await h.count(() => amplifySignOut());
  return { 'sign-up → confirm → auto sign-in': signUp, 'SRP sign-in': srp, 'SMS MFA sign-in': sms, refresh, 'sign-out': signOut };
}

type Outcome = { kind: 'success'; session: CognitoUserSession } | { kind: 'mfa' } | { kind: 'other'; what: string };

function identityJsCallbacks(resolve: (o: Outcome) => void, reject: (e: unknown) => void) {
  return {
    onSuccess: (session: CognitoUserSession) => resolve({ kind: 'success', session }),
    onFailure: reject,
    mfaRequired: () => resolve({ kind: 'mfa' }),
    totpRequired: () => resolve({ kind: 'other', what: 'totp' }),
    customChallenge: () => resolve({ kind: 'other', what: 'custom' }),
    newPasswordRequired: () => resolve({ kind: 'other', what: 'new password' }),
    mfaSetup: () => resolve({ kind: 'other', what: 'mfa setup' }),
  };
}

async function identityJs(h: Harness): Promise<FlowRequests> {
  const userPool = new CognitoUserPool({ UserPoolId: h.pool.userPoolId, ClientId: h.pool.clientId, endpoint: h.endpoint });
  const nodeCallback = <T>(run: (done: (error: unknown, result?: T) => void) => void) =>
    new Promise<T>((resolve, reject) => run((error, result) => (error ? reject(error) : resolve(result as T))));
  const step = (run: (callbacks: ReturnType<typeof identityJsCallbacks>) => void) =>
    new Promise<Outcome>((resolve, reject) => run(identityJsCallbacks(resolve, reject)));
  const signIn = (user: CognitoUser) =>
    step((c) => user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: PASSWORD }), c));
  const must = (condition: boolean, what: string) => {
    if (!condition) throw new Error(`amazon-cognito-identity-js: ${what}`);
  };

  // It has no auto sign-in: the app signs in with the password it still holds, as its README shows.
  const username = `ijs${(serial += 1)}`;
  const signUp = await h.count(async () => {
    await nodeCallback((done) =>
      userPool.signUp(username, PASSWORD, [new CognitoUserAttribute({ Name: 'email', Value: `${username}@example.com` })], [], done as never),
    );
    const user = new CognitoUser({ Username: username, Pool: userPool });
    await nodeCallback((done) => user.confirmRegistration(h.pool.lastCode(username)!, true, done as never));
    must((await signIn(user)).kind === 'success', 'signed in after confirmation');
  });

  const srpUser = new CognitoUser({ Username: await h.user('ijssrp'), Pool: userPool });
  const srp = await h.count(async () => must((await signIn(srpUser)).kind === 'success', 'SRP sign-in'));

  const smsName = await h.user('ijssms', '+15550003333');
  const smsUser = new CognitoUser({ Username: smsName, Pool: userPool });
  const sms = await h.count(async () => {
    must((await signIn(smsUser)).kind === 'mfa', 'SMS code asked');
    must((await step((c) => smsUser.sendMFACode(h.pool.lastCode(smsName, 'Authentication')!, c))).kind === 'success', 'SMS sign-in');
  });

  const user = new CognitoUser({ Username: await h.user('ijsrefresh'), Pool: userPool });
  const first = await signIn(user);
  if (first.kind !== 'success') throw new Error('amazon-cognito-identity-js: sign-in before refresh');
  const refresh = await h.count(() => nodeCallback((done) => user.refreshSession(first.session.getRefreshToken(), done as never)));
  const signOut = await h.count(() => new Promise<void>((resolve) => user.signOut(() => resolve())));
  return { 'sign-up → confirm → auto sign-in': signUp, 'SRP sign-in': srp, 'SMS MFA sign-in': sms, refresh, 'sign-out': signOut };
}

export async function runRequestsBench(): Promise<RequestsBenchRow[]> {
  const { harness: h, close } = await harness();
  try {
    return [
      { client: 'this project (core + fetch)', flows: await ours(h, fetchTransport({ endpoint: h.endpoint })) },
      { client: 'this project (root, SDK)', flows: await ours(h, sdkTransport({ endpoint: h.endpoint })) },
      { client: 'aws-amplify v6', flows: await amplify(h) },
      { client: 'amazon-cognito-identity-js', flows: await identityJs(h) },
    ];
  } finally {
    await close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await runRequestsBench()) {
    console.log(row.client);
    for (const flow of FLOWS) console.log(`  ${flow}: ${row.flows[flow].length} — ${row.flows[flow].join(', ')}`);
  }
  process.exit(0);
}
