import { afterEach, describe, expect, it, vi } from 'vitest';
import { waitFor } from 'xstate';
import { authConfigOf, createAuthOptionsOf } from '../../amplify-facade/amplify-auth-options.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { webStorage } from '../../adapters/web-storage.js';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthFeature } from '../../runtime/auth-feature.js';
import { authFactory, type CreateAuthOptions } from '../../runtime/create-auth.js';
import { redactedInspection } from '../../runtime/redacted-inspection.js';
import { CLIENT_ID, POOL_ID } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';

/*
 * The opt-in features of createAuth: each option takes what its factory makes, and nothing else; the hooks of a
 * feature are called in their order; the Amplify facade keeps tabs in step over localStorage, as v5 did.
 */

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const config = () => ({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport() });

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('createAuth features', () => {
  it.each([
    ['tabSync', true, 'tabSync() from cognito-auth-machine/tab-sync'],
    ['persistence', memoryStorage(), 'snapshotPersistence(storage) from cognito-auth-machine/persistence'],
    ['inspect', () => undefined, 'redactedInspection(observer) from cognito-auth-machine/inspect'],
    ['inspect', { feature: 'tabSync' }, 'redactedInspection(observer) from cognito-auth-machine/inspect'],
  ])('refuses %s given as something its factory does not make, naming the factory', (name, value, factory) => {
    const options = { [name]: value } as unknown as CreateAuthOptions;
    let error: unknown;
    try {
      createAuth(config(), options);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).name).toBe('ValidationError');
    expect((error as AuthError).fields).toEqual([{ path: name, message: `must be ${factory}` }]);
  });

  it("calls a feature's hooks with the actor's context: the resume point before start, start once started", async () => {
    const calls: string[] = [];
    const feature: AuthFeature<'persistence'> = {
      feature: 'persistence',
      resumePoint: (context) => {
        calls.push(`resumePoint ${context.clientId} ${context.userPoolId}`);
        return undefined;
      },
      start: (actor) => {
        calls.push(`start ${actor.getSnapshot().status}`);
        return () => undefined;
      },
    };
    const auth = createAuth(config(), { persistence: feature });
    await waitFor(auth, (s) => s.matches('signedOut'));
    expect(calls).toEqual([`resumePoint ${CLIENT_ID} ${POOL_ID}`, 'start active']);
    auth.stop();
  });

  it('gives the redacting inspector every inspection event, secrets redacted', async () => {
    const seen: string[] = [];
    const auth = createAuth(config(), { inspect: redactedInspection((event) => void seen.push(JSON.stringify(event.type === '@xstate.event' ? event.event : null))) });
    await waitFor(auth, (s) => s.matches('signedOut'));
    auth.send({ type: 'SIGN_IN', username: 'ada', password: 'Correct-Horse-9' });
    expect(seen.some((text) => text.includes('SIGN_IN'))).toBe(true);
    expect(seen.join('\n')).not.toContain('Correct-Horse-9');
    auth.stop();
  });
});

describe('the Amplify facade', () => {
  function fakeArea(): Storage {
    const items = new Map<string, string>();
    return {
      get length() {
        return items.size;
      },
      clear: () => items.clear(),
      getItem: (key) => items.get(key) ?? null,
      key: (index) => [...items.keys()][index] ?? null,
      removeItem: (key) => void items.delete(key),
      setItem: (key, value) => void items.set(key, value),
    };
  }

  it('keeps the tabs in step when its tokens are in localStorage, its default where there is one', () => {
    vi.stubGlobal('localStorage', fakeArea());
    const configured = authConfigOf({ userPoolId: POOL_ID, userPoolWebClientId: CLIENT_ID });
    expect(createAuthOptionsOf(configured).tabSync?.feature).toBe('tabSync');
  });

  it('leaves tab sync out over any other storage', () => {
    vi.stubGlobal('localStorage', fakeArea());
    expect(createAuthOptionsOf(authConfigOf({ userPoolId: POOL_ID, userPoolWebClientId: CLIENT_ID, storage: memoryStorage() }))).toEqual({});
    expect(createAuthOptionsOf(authConfigOf({ userPoolId: POOL_ID, userPoolWebClientId: CLIENT_ID, storage: webStorage(fakeArea()) }))).toEqual({});
  });
});
