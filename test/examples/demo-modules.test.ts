import { waitFor, type InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { createLocalUserPool, localTransport } from '@cognito-auth-machine/local-pool';
import { createAuth } from '../../core.js';
import { redactedInspection } from '../../inspect.js';
import { activeStateIds, leafStatePath } from '../../examples/demo/src/active-state-ids.js';
import { fieldErrors, screenOf } from '../../examples/demo/src/auth-selectors.js';
import { createEventLog, describeEvent } from '../../examples/demo/src/event-log.js';
import { createInspectorRelay } from '../../examples/demo/src/inspector-relay.js';
import { AuthError } from '../../machines/auth-error.js';
import { authMachine } from '../../machines/auth-machine.js';
import { challengeEntries } from '../../machines/challenges.js';
import { readCommittedDiagram } from '../../scripts/render-diagram.js';
import { renderDemoStatechart } from '../../examples/demo/statechart-plugin.js';
import { askedAgain, roundOf } from '../../examples/demo/src/challenge-rounds.js';
import { poolFor, type DemoConfig } from '../../examples/demo/src/demo-config.js';
import { readableError } from '../../examples/demo/src/readable-error.js';
import type { PendingChallenge } from '../../core.js';

const PASSWORD = 'Passw0rd!';

describe('demo page modules', () => {
  it('active state ids are the ids the committed diagram gives its nodes and clusters', async () => {
    const ids = activeStateIds({ challenge: { totpSetup: 'idle' } });
    expect(ids).toEqual(['auth', 'auth.challenge', 'auth.challenge.totpSetup', 'auth.challenge.totpSetup.idle']);
    const { svg } = await readCommittedDiagram();
    for (const id of ids.slice(1)) expect(svg).toContain(`<g id="${id}" class=`);
    expect(activeStateIds('signedOut')).toEqual(['auth', 'auth.signedOut']);
    expect(leafStatePath({ signedIn: 'refreshing' })).toBe('signedIn.refreshing');
  });

  it("the demo's chart has the docs diagram's state ids and one arrow per chart edge, region to region", async () => {
    const [{ svg, edges }, committed] = await Promise.all([renderDemoStatechart(), readCommittedDiagram()]);
    const ids = (text: string) => [...text.matchAll(/<g id="(auth[^"]*)" class="(?:node|cluster)"/g)].map((m) => m[1]).sort();
    expect(ids(svg)).toEqual(ids(committed.svg));
    expect(edges).toHaveLength((committed.svg.match(/class="edge"/g) ?? []).length);
    for (const edge of edges) expect(svg).toContain(`<g id="${edge.id}" class="edge"`);
    expect(edges).toContainEqual(expect.objectContaining({ source: 'auth.challenge', target: 'auth.signedOut' }));
  });

  it("the whole chart is the docs diagram: the same states, arrows and labels on the arrows", async () => {
    const [{ wholeSvg, edges }, committed] = await Promise.all([renderDemoStatechart(), readCommittedDiagram()]);
    const ids = (text: string) => [...text.matchAll(/<g id="(auth[^"]*)" class="(?:node|cluster)"/g)].map((m) => m[1]).sort();
    const labels = (text: string) => [...text.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).sort();
    expect(ids(wholeSvg)).toEqual(ids(committed.svg));
    expect(labels(wholeSvg)).toEqual(labels(committed.svg));
    for (const edge of edges) expect(wholeSvg).toContain(`<g id="${edge.id}" class="edge"`);
  });

  it('a custom challenge that comes back says "not accepted" only when the pool says the answer was wrong', () => {
    const challenge = (session: string, parameters: Record<string, string>): PendingChallenge => ({
      name: 'CUSTOM_CHALLENGE',
      session,
      username: 'quinn',
      parameters: { question: '2 + 3?', ...parameters },
      expiresAt: 0,
    });
    const first = challenge('s1', { attempt: '1', attempts: '3' });
    const wrong = challenge('s2', { attempt: '2', attempts: '3', previousAnswer: 'incorrect' });
    const another = challenge('s3', { attempt: '2', attempts: '3' });
    expect(roundOf(first)).toBeNull();
    expect(roundOf(wrong)).toEqual({ notAccepted: true, tries: 'try 2 of 3' });
    expect(roundOf(another)).toEqual({ notAccepted: false, tries: 'try 2 of 3' });
    expect(askedAgain(first, true, wrong)).toBe('CUSTOM_CHALLENGE asked again: the answer was not accepted (try 2 of 3)');
    expect(askedAgain(first, true, another)).toBe('CUSTOM_CHALLENGE asked again: a new round (try 2 of 3)');
    // Not after an answer (a reload), not the same session, not another challenge: nothing to say.
    expect(askedAgain(first, false, wrong)).toBeNull();
    expect(askedAgain(first, true, { ...first })).toBeNull();
    expect(askedAgain(first, true, { ...wrong, name: 'SMS_MFA' })).toBeNull();
    expect(askedAgain(first, true, null)).toBeNull();
  });

  it('errors read as sentences that depend on the step, with the exception kept for the developer', () => {
    const notAuthorized = new AuthError('NotAuthorizedException', 'Incorrect username or password.');
    expect(readableError(notAuthorized, 'SIGN_IN')).toEqual({
      text: 'The username or password is not right.',
      name: 'NotAuthorizedException',
      detail: 'Incorrect username or password.',
    });
    expect(readableError(notAuthorized, 'SEND_CUSTOM_CHALLENGE_ANSWER').text).toMatch(/^Your answers were not accepted/);
    expect(readableError(notAuthorized, 'CONFIRM_SIGN_IN').text).toMatch(/^This sign-in attempt has ended/);
    // A wrong current password in the settings: the user stays signed in.
    expect(readableError(notAuthorized, 'UPDATE_PASSWORD').text).toBe('The current password is not right.');
    expect(readableError(new AuthError('UserNotFoundException', 'User does not exist.'), 'FORGOT_PASSWORD').text).toBe(
      'There is no account with that username or email.',
    );
    expect(readableError(new AuthError('SomethingNewException', 'x'), null).text).toBe('Something went wrong.');
  });

  it('the event log keeps the last event sent, also when cleared, and notes steps the chart took on its own', () => {
    const log = createEventLog();
    expect(log.lastSent()).toBeNull();
    log.add('sent', { type: 'FORGOT_PASSWORD', username: 'nobody' });
    log.add('emitted', { type: 'forgotPassword_failure', error: new AuthError('UserNotFoundException', 'User does not exist.') });
    log.clear();
    expect(log.lastSent()).toBe('FORGOT_PASSWORD');
    log.note('challenge', 'CUSTOM_CHALLENGE asked again', true);
    expect(log.entries()[0]).toMatchObject({ direction: 'step', type: 'challenge', failure: true });
  });

  it('the page talks to the pool its address names, else to the main one', () => {
    const config: DemoConfig = {
      endpoint: 'http://127.0.0.1:1',
      userPoolId: 'main',
      userPoolClientId: 'main-client',
      pools: { mfaRequired: { userPoolId: 'other', userPoolClientId: 'other-client', label: 'MFA required' } },
      users: [],
      authenticators: [],
    };
    expect(poolFor(config, '?pool=mfaRequired&user=tess')).toEqual({ userPoolId: 'other', userPoolClientId: 'other-client', label: 'MFA required', key: 'mfaRequired' });
    expect(poolFor(config, '')).toMatchObject({ userPoolId: 'main', key: null });
    expect(poolFor(config, '?pool=unknown')).toMatchObject({ userPoolId: 'main', key: null });
  });

  it('a challenge keeps its screen while its answer is on the way (challenge.responding)', () => {
    const at = (value: object, name: string | null) =>
      authMachine.resolveState({
        value,
        context: { ...authMachine.getInitialSnapshot(null as never).context, challenge: name ? ({ name } as never) : null },
      } as never);
    for (const [name, { state }] of challengeEntries()) {
      const waiting = state === 'totpSetup' ? { challenge: { totpSetup: 'idle' } } : { challenge: state };
      expect(screenOf(at(waiting, name) as never)).toBe(state);
      expect(screenOf(at({ challenge: 'responding' }, name) as never)).toBe(state);
    }
    expect(screenOf(at({ challenge: { totpSetup: 'associating' } }, 'MFA_SETUP') as never)).toBe('totpSetup');
    expect(screenOf(at({ signingOut: 'global' }, null) as never)).toBe('signedIn');
  });

  it('the event log marks a refused event with the error that refused it', () => {
    const log = createEventLog();
    const taken = log.add('sent', { type: 'SIGN_OUT' });
    const refused = log.add('sent', { type: 'REFRESH' });
    log.refuse(refused, new AuthError('InvalidStateException', 'REFRESH is not taken in signedOut: it takes SIGN_IN'));
    const byId = new Map(log.entries().map((entry) => [entry.id, entry]));
    expect(byId.get(taken)?.refused).toBeUndefined();
    expect(byId.get(refused)?.refused).toEqual({ name: 'InvalidStateException', message: 'REFRESH is not taken in signedOut: it takes SIGN_IN' });
  });

  it('the event log masks passwords, codes, answers and JWTs as ••••, and keeps the rest', () => {
    const event = { type: 'SIGN_UP', username: 'alex', password: PASSWORD, attributes: { email: 'a@example.com' } };
    expect(describeEvent(event)).toBe('SIGN_UP { username: "alex", password: ••••, attributes: {"email":"a@example.com"} }');
    expect(describeEvent({ type: 'CONFIRM_SIGN_IN', code: '123456' })).toBe('CONFIRM_SIGN_IN { code: •••• }');
    expect(describeEvent({ type: 'CONFIRM_SIGN_IN', answer: '5' })).toBe('CONFIRM_SIGN_IN { answer: •••• }');
    const reset = describeEvent({ type: 'CONFIRM_RESET_PASSWORD', username: 'alex', code: '654321', newPassword: 'N3w-Passw0rd!' });
    expect(reset).toBe('CONFIRM_RESET_PASSWORD { username: "alex", code: ••••, newPassword: •••• }');
    expect(describeEvent({ type: 'SIGN_OUT' })).toBe('SIGN_OUT');
  });

  it('errors sit next to the field they name, and Cognito code errors next to the code box', () => {
    const invalid = new AuthError('ValidationError', 'bad', { fields: [{ path: 'attributes.email', message: 'must be an email address' }] });
    expect([...fieldErrors(invalid, ['username', 'attributes.email'])]).toEqual([['attributes.email', 'Email must be an email address']]);
    expect(fieldErrors(invalid, ['username']).size).toBe(0);
    const mismatch = new AuthError('CodeMismatchException', 'Invalid code provided');
    expect([...fieldErrors(mismatch, ['code'])]).toEqual([['code', 'Invalid code provided']]);
    expect(fieldErrors(new AuthError('NotAuthorizedException', 'Incorrect username or password.'), ['username', 'password']).size).toBe(0);
  });

  it('the inspector stream of the demo actor carries no password or JWT, also when replayed to a late inspector', async () => {
    const pool = await createLocalUserPool();
    await pool.admin.createUser('sam', { suppress: true });
    await pool.admin.setPassword('sam', PASSWORD, true);
    const relay = createInspectorRelay();
    // As main.tsx wires it: the relay is the actor's inspector, createAuth redacts what reaches it.
    const auth = createAuth(
      { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, transport: localTransport(pool) },
      { inspect: redactedInspection(relay.inspect) },
    );
    const live: InspectionEvent[] = [];
    relay.connect((event) => live.push(event));
    // The stored session is read first; SIGN_IN is taken once that says signed out.
    await waitFor(auth, (snapshot) => snapshot.matches('signedOut'));
    auth.send({ type: 'SIGN_IN', username: 'sam', password: PASSWORD });
    await waitFor(auth, (snapshot) => snapshot.matches({ signedIn: 'idle' }), { timeout: 10_000 });
    // The secrets exist: the actor holds the tokens the stream must not show.
    const idToken = auth.getSnapshot().context.tokens?.idToken ?? '';
    expect(idToken).toMatch(/^eyJ/);
    relay.disconnect();
    auth.send({ type: 'SIGN_OUT' });
    const afterDisconnect = live.length;

    const late: InspectionEvent[] = [];
    relay.connect((event) => late.push(event));
    // Replayed: the actors' registrations, then the latest snapshot of each.
    expect(late[0]?.type).toBe('@xstate.actor');
    expect(late.some((event) => event.type === '@xstate.snapshot' && event.actorRef.sessionId === auth.sessionId)).toBe(true);
    relay.disconnect();

    expect(live.length).toBeGreaterThan(0);
    expect(live.length).toBe(afterDisconnect);
    const text = (events: InspectionEvent[]) => JSON.stringify(events);
    expect(text(live)).toContain('SIGN_IN');
    expect(text(live)).toContain('sam');
    for (const stream of [text(live), text(late)]) {
      expect(stream).not.toContain(PASSWORD);
      expect(stream).not.toContain(idToken);
      expect(stream).not.toMatch(/eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./);
    }
    auth.stop();
  });
});
