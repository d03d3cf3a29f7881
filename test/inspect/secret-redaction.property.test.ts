import { createInspector } from '@statelyai/inspect';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, type InspectionEvent } from 'xstate';
import { createAuth, memoryStorage, type AuthActor } from '../../core.js';
import { redactedInspection } from '../../inspect.js';
import {
  createLocalUserPool,
  localTransport,
  totpCode,
  type LocalTriggers,
  type LocalUserPool,
} from '@cognito-auth-machine/local-pool';
import { flowRecorder, inspectionText, leaksIn, type FlowRecorder, type KnownSecret } from '../support/leak-scan.js';

/*
 * Each flow runs against the local user pool with secrets fast-check makes up (passwords, wrong codes, custom
 * answers) and the ones the pool hands out (codes, sessions, tokens, the TOTP secret). None of them may show in
 * what an inspector receives, in emitted events, in persisted snapshots, or in storage beyond the tokens it holds.
 * The same run records the raw inspection stream too: it must hold the password, or the scan proves nothing.
 */

const SAFE = [...'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!#$%&*+-=?@^_~'];
const core = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...SAFE), minLength: min, maxLength: max });
/** Meets the default policy (upper, lower, digit, symbol) whatever the random part is. */
const password = core(10, 24).map((s) => `${s}Qz7!`);
const answer = core(10, 32);
const wrongCode = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

const answers = new Map<string, string>();
/** Custom auth without a password: one question, whose answer the test chose for this user. */
const quiz: LocalTriggers = {
  DefineAuthChallenge: async (event) => {
    const last = event.request.session.at(-1);
    if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
    else if (event.request.session.length >= 3) event.response.failAuthentication = true;
    else event.response.challengeName = 'CUSTOM_CHALLENGE';
    return event;
  },
  CreateAuthChallenge: async (event) => {
    event.response.publicChallengeParameters = { question: 'the phrase' };
    event.response.privateChallengeParameters = { answer: answers.get(event.userName) ?? '' };
    return event;
  },
  VerifyAuthChallengeResponse: async (event) => {
    event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
    return event;
  },
};

let pool: LocalUserPool;
/** MFA required with TOTP only: every user meets MFA_SETUP first. */
let totpPool: LocalUserPool;
let serial = 0;
const nextName = (prefix: string) => `${prefix}${(serial += 1)}`;

beforeAll(async () => {
  pool = await createLocalUserPool({
    pool: {
      MfaConfiguration: 'OPTIONAL',
      SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::000000000000:role/test-sms', ExternalId: 'test' },
    },
    triggers: quiz,
  });
  totpPool = await createLocalUserPool({ mfa: { MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } } });
});

interface Run {
  auth: AuthActor;
  record: FlowRecorder;
  raw: string[];
  stately: string[];
  secrets: KnownSecret[];
  step: FlowRecorder['step'];
}

async function start(target: LocalUserPool): Promise<Run> {
  const record = flowRecorder();
  const stately: string[] = [];
  const inspector = createInspector({ send: (event) => void stately.push(JSON.stringify(event)) });
  const storage = memoryStorage();
  const auth = createAuth(
    { userPoolId: target.userPoolId, userPoolClientId: target.clientId, transport: localTransport(target), storage },
    {
      inspect: redactedInspection((event: InspectionEvent) => {
        record.observe(event);
        inspector.inspect.next?.(event);
      }),
    },
  );
  const raw: string[] = [];
  auth.system.inspect((event) => void raw.push(inspectionText(event)));
  record.attach(auth, storage);
  const secrets: KnownSecret[] = [];
  const step: FlowRecorder['step'] = async (event) => {
    await record.step(event);
    const { tokens, challenge } = auth.getSnapshot().context;
    if (challenge) secrets.push({ kind: 'session', value: challenge.session });
    if (challenge?.totpSecret) secrets.push({ kind: 'TOTP secret', value: challenge.totpSecret.reveal() });
    if (tokens) {
      secrets.push({ kind: 'ID token', value: tokens.idToken }, { kind: 'access token', value: tokens.accessToken });
      if (tokens.refreshToken) secrets.push({ kind: 'refresh token', value: tokens.refreshToken });
    }
  };
  await waitFor(auth, (s) => !s.hasTag('busy'));
  return { auth, record, raw, stately, secrets, step };
}

const TOKEN_KINDS = new Set(['ID token', 'access token', 'refresh token']);
const TOKEN_KEY = /\.(idToken|accessToken|refreshToken)$/;

/** Everything that must stay secret, checked where it must not be; returns what leaked, where. */
async function leaks(run: Run): Promise<string[]> {
  run.auth.stop();
  // @statelyai/inspect converts each event on a later tick and reads the actor's snapshot then.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const { record, secrets } = run;
  const sessions = secrets.filter((s) => s.kind === 'session');
  const notTokens = secrets.filter((s) => !TOKEN_KINDS.has(s.kind));
  return [
    ...leaksIn('inspection stream', record.inspected, secrets),
    ...leaksIn('actor snapshots read late', record.lateSnapshots(), secrets),
    ...leaksIn('@statelyai/inspect messages', run.stately, secrets),
    ...leaksIn('emitted events', record.emitted, secrets),
    // A pending challenge's session is persisted so a reload can answer it (DESIGN); nothing else is.
    ...record.persisted.flatMap((p) =>
      leaksIn(`persisted snapshot in ${p.state}`, [p.json], secrets.filter((s) => !(s.kind === 'session' && s.value === p.session))),
    ),
    ...leaksIn('persisted snapshot', record.persisted.filter((p) => !p.session).map((p) => p.json), sessions),
    ...record.storage.flatMap((entries) =>
      Object.entries(entries).flatMap(([key, value]) =>
        leaksIn(`storage ${key.split('.').pop()}`, [value], TOKEN_KEY.test(key) ? notTokens : secrets),
      ),
    ),
  ];
}

function expectNoLeak(run: Run, found: string[]): void {
  expect(found).toEqual([]);
  // The scan finds what is there: the raw stream, which the inspector never sees, holds the typed password.
  expect(leaksIn('raw', run.raw, run.secrets.filter((s) => s.kind === 'password')).length).toBeGreaterThan(0);
}

const RUNS = { numRuns: 3 };

describe('no secret reaches an inspector, an emitted event, a persisted snapshot or storage', () => {
  it('sign-up with a wrong code, confirm, auto sign-in, refresh, sign-out', async () => {
    await fc.assert(
      fc.asyncProperty(password, wrongCode, async (pw, wrong) => {
        const run = await start(pool);
        const username = nextName('signup');
        run.secrets.push({ kind: 'password', value: pw }, { kind: 'wrong code', value: wrong });
        await run.step({ type: 'SIGN_UP', username, password: pw, attributes: { email: `${username}@example.com` }, autoSignIn: true });
        const code = pool.lastCode(username) ?? '';
        run.secrets.push({ kind: 'code', value: code });
        if (wrong !== code) await run.step({ type: 'CONFIRM_SIGN_UP', code: wrong });
        await run.step({ type: 'CONFIRM_SIGN_UP', code });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'REFRESH' });
        await run.step({ type: 'SIGN_OUT' });
        expectNoLeak(run, await leaks(run));
      }),
      RUNS,
    );
  });

  it('SMS MFA with a wrong code, then global sign-out', async () => {
    await fc.assert(
      fc.asyncProperty(password, wrongCode, async (pw, wrong) => {
        const username = nextName('sms');
        await pool.admin.createUser(username, {
          attributes: [{ Name: 'phone_number', Value: '+14325551212' }, { Name: 'phone_number_verified', Value: 'true' }],
          suppress: true,
        });
        await pool.admin.setPassword(username, pw, true);
        await pool.admin.setMfaPreference(username, { sms: { Enabled: true, PreferredMfa: true } });
        const run = await start(pool);
        run.secrets.push({ kind: 'password', value: pw }, { kind: 'wrong code', value: wrong });
        await run.step({ type: 'SIGN_IN', username, password: pw });
        expect(run.auth.getSnapshot().value).toEqual({ challenge: 'smsMfa' });
        const code = pool.lastCode(username, 'Authentication') ?? '';
        run.secrets.push({ kind: 'code', value: code });
        if (wrong !== code) await run.step({ type: 'CONFIRM_SIGN_IN', code: wrong });
        await run.step({ type: 'CONFIRM_SIGN_IN', code });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'SIGN_OUT', global: true });
        expectNoLeak(run, await leaks(run));
      }),
      RUNS,
    );
  });

  it('TOTP setup, sign-out, then a TOTP sign-in', async () => {
    await fc.assert(
      fc.asyncProperty(password, async (pw) => {
        const username = nextName('totp');
        await totpPool.admin.createUser(username, { suppress: true });
        await totpPool.admin.setPassword(username, pw, true);
        const run = await start(totpPool);
        run.secrets.push({ kind: 'password', value: pw });
        await run.step({ type: 'SIGN_IN', username, password: pw });
        expect(run.auth.getSnapshot().value).toEqual({ challenge: { totpSetup: 'idle' } });
        const secret = run.auth.getSnapshot().context.challenge?.totpSecret?.reveal() ?? '';
        const setupCode = totpCode(secret);
        run.secrets.push({ kind: 'code', value: setupCode });
        await run.step({ type: 'VERIFY_TOTP_SETUP', code: setupCode, friendlyDeviceName: 'phone' });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'SIGN_OUT' });
        await run.step({ type: 'SIGN_IN', username, password: pw });
        expect(run.auth.getSnapshot().value).toEqual({ challenge: 'totpMfa' });
        // The next step's code: accepted (one step either side), and not the one just used.
        const signInCode = totpCode(secret, Date.now() + 30_000);
        run.secrets.push({ kind: 'code', value: signInCode });
        await run.step({ type: 'CONFIRM_SIGN_IN', code: signInCode });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'SIGN_OUT' });
        expectNoLeak(run, await leaks(run));
      }),
      RUNS,
    );
  });

  it('custom challenge with a wrong answer, then the right one', async () => {
    await fc.assert(
      fc.asyncProperty(password, answer, answer, async (pw, right, wrong) => {
        fc.pre(right !== wrong);
        const username = nextName('quiz');
        await pool.admin.createUser(username, { suppress: true });
        await pool.admin.setPassword(username, pw, true);
        answers.set(username, right);
        const run = await start(pool);
        run.secrets.push({ kind: 'password', value: pw }, { kind: 'answer', value: right }, { kind: 'wrong answer', value: wrong });
        // The raw-stream check looks for the password: sign in with it once first.
        await run.step({ type: 'SIGN_IN', username, password: pw });
        await run.step({ type: 'SIGN_OUT' });
        await run.step({ type: 'SIGN_IN', username, authFlow: 'CUSTOM_WITHOUT_SRP' });
        expect(run.auth.getSnapshot().value).toEqual({ challenge: 'customChallenge' });
        await run.step({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: wrong });
        await run.step({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: right });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'SIGN_OUT' });
        expectNoLeak(run, await leaks(run));
      }),
      RUNS,
    );
  });

  it('new password required, then forgot password with a wrong code', async () => {
    await fc.assert(
      fc.asyncProperty(password, password, password, wrongCode, async (temporary, chosen, reset, wrong) => {
        const username = nextName('newpw');
        await pool.admin.createUser(username, {
          attributes: [{ Name: 'email', Value: `${username}@example.com` }, { Name: 'email_verified', Value: 'true' }],
          temporaryPassword: temporary,
          suppress: true,
        });
        const run = await start(pool);
        run.secrets.push(
          { kind: 'password', value: temporary },
          { kind: 'new password', value: chosen },
          { kind: 'reset password', value: reset },
          { kind: 'wrong code', value: wrong },
        );
        await run.step({ type: 'SIGN_IN', username, password: temporary });
        expect(run.auth.getSnapshot().value).toEqual({ challenge: 'newPasswordRequired' });
        await run.step({ type: 'COMPLETE_NEW_PASSWORD', newPassword: chosen });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        await run.step({ type: 'SIGN_OUT' });
        await run.step({ type: 'FORGOT_PASSWORD', username });
        const code = pool.lastCode(username, 'ForgotPassword') ?? '';
        run.secrets.push({ kind: 'code', value: code });
        if (wrong !== code) await run.step({ type: 'CONFIRM_FORGOT_PASSWORD', code: wrong, newPassword: reset });
        await run.step({ type: 'CONFIRM_FORGOT_PASSWORD', code, newPassword: reset });
        await run.step({ type: 'SIGN_IN', username, password: reset });
        expect(run.auth.getSnapshot().value).toEqual({ signedIn: 'idle' });
        expectNoLeak(run, await leaks(run));
      }),
      RUNS,
    );
  });
});

afterAll(() => answers.clear());
