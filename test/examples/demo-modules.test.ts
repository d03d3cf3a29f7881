import type { InspectionEvent } from 'xstate';
import { describe, expect, it } from 'vitest';
import { activeStateIds, leafStatePath } from '../../examples/demo/src/active-state-ids.js';
import { fieldErrors } from '../../examples/demo/src/auth-selectors.js';
import { createInspectorRelay } from '../../examples/demo/src/inspector-relay.js';
import { describeEvent, redactValue } from '../../examples/demo/src/redaction.js';
import { AuthError } from '../../machines/auth-error.js';
import { Secret } from '../../machines/secret.js';
import { readCommittedDiagram } from '../../scripts/render-diagram.js';

describe('demo page modules', () => {
  it('active state ids are the ids the committed diagram gives its nodes and clusters', async () => {
    const ids = activeStateIds({ challenge: { smsMfa: 'idle' } });
    expect(ids).toEqual(['auth', 'auth.challenge', 'auth.challenge.smsMfa', 'auth.challenge.smsMfa.idle']);
    const { svg } = await readCommittedDiagram();
    for (const id of ids.slice(1)) expect(svg).toContain(`<g id="${id}" class=`);
    expect(activeStateIds('signedOut')).toEqual(['auth', 'auth.signedOut']);
    expect(leafStatePath({ signedIn: 'refreshing' })).toBe('signedIn.refreshing');
  });

  it('redaction masks passwords, codes, answers, sessions and tokens, and keeps the rest', () => {
    const event = { type: 'SIGN_UP', username: 'alex', password: 'Passw0rd!', attributes: { email: 'a@example.com' } };
    expect(describeEvent(event)).toBe('SIGN_UP { username: "alex", password: ••••, attributes: {"email":"a@example.com"} }');
    const confirm = { type: 'CONFIRM_SIGN_IN', code: '123456' };
    expect(describeEvent(confirm)).toBe('CONFIRM_SIGN_IN { code: •••• }');
    const context = {
      tokens: { idToken: 'eyJ.id', accessToken: 'eyJ.access' },
      challenge: { session: 'AYAB', totpSecret: new Secret('JBSWY3DP'), parameters: { question: 'What is 2 + 3?' } },
      error: new AuthError('CodeMismatchException', 'Invalid code'),
      signUp: { autoSignIn: true },
    };
    const redacted = JSON.stringify(redactValue(context));
    for (const secret of ['eyJ.id', 'eyJ.access', 'AYAB', 'JBSWY3DP']) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('What is 2 + 3?');
    expect(redacted).toContain('CodeMismatchException');
    expect(redacted).toContain('"autoSignIn":true');
  });

  it('errors sit next to the field they name, and Cognito code errors next to the code box', () => {
    const invalid = new AuthError('ValidationError', 'bad', { fields: [{ path: 'attributes.email', message: 'must be an email address' }] });
    expect([...fieldErrors(invalid, ['username', 'attributes.email'])]).toEqual([['attributes.email', 'Email must be an email address']]);
    expect(fieldErrors(invalid, ['username']).size).toBe(0);
    const mismatch = new AuthError('CodeMismatchException', 'Invalid code provided');
    expect([...fieldErrors(mismatch, ['code'])]).toEqual([['code', 'Invalid code provided']]);
    expect(fieldErrors(new AuthError('NotAuthorizedException', 'Incorrect username or password.'), ['username', 'password']).size).toBe(0);
  });

  it('the inspector relay forwards redacted events, and replays registration to a late inspector', () => {
    const relay = createInspectorRelay();
    const actorRef = { sessionId: 'x:0' };
    const snapshot = { value: 'signedIn', context: { tokens: { accessToken: 'eyJ.secret' }, user: { username: 'sam' } } };
    relay.inspect({ type: '@xstate.actor', actorRef, rootId: 'x:0' } as unknown as InspectionEvent);
    relay.inspect({
      type: '@xstate.snapshot',
      actorRef,
      rootId: 'x:0',
      snapshot,
      event: { type: 'SIGN_IN', username: 'sam', password: 'Passw0rd!' },
    } as unknown as InspectionEvent);
    const received: InspectionEvent[] = [];
    relay.connect((event) => received.push(event));
    expect(received.map((e) => e.type)).toEqual(['@xstate.actor', '@xstate.snapshot']);
    const text = JSON.stringify(received.map((e) => ('snapshot' in e ? { s: e.snapshot, e: 'event' in e ? e.event : null } : null)));
    expect(text).not.toContain('eyJ.secret');
    expect(text).not.toContain('Passw0rd!');
    expect(text).toContain('sam');
    // An invoked sign-in's snapshot: its output holds the tokens.
    relay.inspect({
      type: '@xstate.snapshot',
      actorRef: { sessionId: 'x:1' },
      rootId: 'x:0',
      snapshot: { status: 'done', output: { type: 'signedIn', tokens: { idToken: 'eyJ.child' } } },
      event: { type: 'xstate.promise.resolve' },
    } as unknown as InspectionEvent);
    expect(JSON.stringify(received.at(-1))).not.toContain('eyJ.child');
    expect(JSON.stringify(received.at(-1))).toContain('signedIn');
    relay.inspect({ type: '@xstate.event', actorRef, rootId: 'x:0', event: { type: 'SIGN_OUT' }, sourceRef: undefined } as unknown as InspectionEvent);
    expect(received).toHaveLength(4);
    relay.disconnect();
    relay.inspect({ type: '@xstate.event', actorRef, rootId: 'x:0', event: { type: 'REFRESH' }, sourceRef: undefined } as unknown as InspectionEvent);
    expect(received).toHaveLength(4);
  });
});
