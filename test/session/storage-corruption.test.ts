import { describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { authFactory } from '../../runtime/create-auth.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import type { TokenStorage } from '../../services/token-storage.js';
import { CLIENT_ID, ISSUER, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { cognitoError, scriptedTransport } from '../support/scripted-transport.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const PREFIX = `CognitoIdentityServiceProvider.${CLIENT_ID}`;

function stored(tokens: { IdToken: string; AccessToken: string; RefreshToken?: string }, extra: Record<string, string> = {}) {
  return {
    [`${PREFIX}.LastAuthUser`]: 'alice',
    [`${PREFIX}.alice.idToken`]: tokens.IdToken,
    [`${PREFIX}.alice.accessToken`]: tokens.AccessToken,
    ...(tokens.RefreshToken ? { [`${PREFIX}.alice.refreshToken`]: tokens.RefreshToken } : {}),
    [`${PREFIX}.alice.clockDrift`]: '0',
    ...extra,
  };
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A JWT with these claims replacing (or, when undefined, removing) the ones of a good token. */
function withClaims(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), ...changes };
  for (const [name, value] of Object.entries(changes)) if (value === undefined) delete claims[name];
  return `${header}.${encode(claims)}.${signature}`;
}

async function startWith(storage: TokenStorage, transport = scriptedTransport()) {
  const errors: unknown[] = [];
  const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
  auth.subscribe({ error: (e) => errors.push(e) });
  const settled = await waitFor(auth, (s) => !s.hasTag('busy'));
  auth.stop();
  return { value: settled.value, errors, transport };
}

const good = fakeTokens();
const truncatedPayload = (token: string) => {
  const [header, payload] = token.split('.');
  return `${header}.${payload!.slice(0, payload!.length / 2)}.sig`;
};

const cases: Array<[string, Record<string, string>]> = [
  ['garbage instead of tokens', stored({ IdToken: 'garbage', AccessToken: '!!!', RefreshToken: 'x' })],
  ['a token whose JSON payload is truncated', stored({ ...good, AccessToken: truncatedPayload(good.AccessToken) })],
  ['a payload that is JSON but not an object', stored({ ...good, IdToken: `e30.${encode([1, 2])}.sig` })],
  ['tokens of another app client', stored(fakeTokens({ clientId: 'anotherclient0123456789' }))],
  ['tokens of another user pool', stored(fakeTokens({ issuer: `${ISSUER.replace(POOL_ID, 'us-east-1_OtherPool')}` }))],
  ['an ID token where the access token belongs', stored({ ...good, AccessToken: good.IdToken })],
  ['ID and access tokens of different users', stored({ ...good, IdToken: fakeTokens({ sub: 'someone-else' }).IdToken })],
  ['an access token without exp', stored({ ...good, AccessToken: withClaims(good.AccessToken, { exp: undefined }) })],
  ['an ID token without cognito:username', stored({ ...good, IdToken: withClaims(good.IdToken, { 'cognito:username': undefined }) })],
  ['a user marker with no tokens behind it', { [`${PREFIX}.LastAuthUser`]: 'alice' }],
  ['an expired access token and no refresh token', stored({ ...fakeTokens({ issuedAt: Date.now() - 7200_000 }), RefreshToken: undefined }, { [`${PREFIX}.alice.clockDrift`]: '0' })],
];

describe('corrupt storage at start-up', () => {
  for (const [name, entries] of cases) {
    it(`${name} → signedOut, storage cleared, nothing thrown`, async () => {
      const storage = memoryStorage(entries);
      const { value, errors, transport } = await startWith(storage);
      expect(value).toBe('signedOut');
      expect(errors).toEqual([]);
      expect(storage.snapshot()).toEqual({});
      expect(transport.calls).toEqual([]);
    });
  }

  it('tokens past their life whose refresh Cognito refuses → signedOut, storage cleared', async () => {
    const storage = memoryStorage(stored(fakeTokens({ issuedAt: Date.now() - 40 * 86400_000 })));
    const transport = scriptedTransport({ InitiateAuth: [cognitoError('NotAuthorizedException', 'Refresh Token has expired')] });
    const { value, errors } = await startWith(storage, transport);
    expect(value).toBe('signedOut');
    expect(errors).toEqual([]);
    expect(storage.snapshot()).toEqual({});
    expect(transport.calls.map((c) => c.op)).toEqual(['InitiateAuth']);
  });

  it('expired tokens while offline keep the session (offline is not signed out) and retry', async () => {
    const entries = stored(fakeTokens({ issuedAt: Date.now() - 7200_000 }));
    const storage = memoryStorage(entries);
    const transport = scriptedTransport({ InitiateAuth: [cognitoError('NetworkError', 'offline', true)] });
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport, storage });
    const settled = await waitFor(auth, (s) => s.matches('signedIn'));
    expect(settled.context.user?.username).toBe('alice');
    expect(storage.snapshot()).toEqual(entries);
    auth.stop();
  });

  it('storage that throws on every call → signedOut, nothing thrown', async () => {
    const broken: TokenStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('SecurityError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const { value, errors } = await startWith(broken);
    expect(value).toBe('signedOut');
    expect(errors).toEqual([]);
  });

  it('a garbled clock drift is read as none and the session restored', async () => {
    const storage = memoryStorage(stored(good, { [`${PREFIX}.alice.clockDrift`]: 'soon' }));
    const auth = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport(), storage });
    const settled = await waitFor(auth, (s) => !s.hasTag('busy'));
    expect(settled.matches('signedIn')).toBe(true);
    expect(settled.context.tokens?.clockDrift).toBe(0);
    auth.stop();
  });
});
