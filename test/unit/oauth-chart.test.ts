import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from 'xstate';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthEmitted } from '../../machines/auth-types.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import { authFactory, type AuthConfig } from '../../runtime/create-auth.js';
import { oauthRedirect } from '../../runtime/oauth-redirect.js';
import { redactedInspection } from '../../runtime/redacted-inspection.js';
import type { RedirectAdapter } from '../../services/redirect-adapter.js';
import { CLIENT_ID, POOL_ID, fakeTokens } from '../support/fake-tokens.js';
import { scriptedTransport } from '../support/scripted-transport.js';
import { startTokenEndpointStub, type TokenEndpointStub } from '../support/token-endpoint-stub.js';

const createAuth = authFactory({ defaultAuthFlow: 'USER_PASSWORD_AUTH' });
const PAGE = 'http://localhost:3000/';
const CALLBACK = 'http://localhost:3000/callback';

type Memory = ReturnType<typeof memoryStorage>;

interface FakeBrowser extends RedirectAdapter {
  url: string | undefined;
  opened: { url: string; purpose: 'signIn' | 'signOut' }[];
  replaced: string[];
  returnUrl: undefined | ((authorizeUrl: string) => string);
  storage: Memory;
}

/** A browser as the adapter sees it: an address bar, session storage, and the pages it was sent to. */
function fakeBrowser(url: string | undefined): FakeBrowser {
  const adapter: FakeBrowser = {
    url,
    opened: [],
    replaced: [],
    /** What a native auth session gives back when opened (none: the page unloads, or the app passes the URL later). */
    returnUrl: undefined,
    storage: memoryStorage(),
    currentUrl: () => adapter.url,
    open(target: string, purpose: 'signIn' | 'signOut') {
      adapter.opened.push({ url: target, purpose });
      return adapter.returnUrl?.(target);
    },
    replaceUrl(target: string) {
      adapter.replaced.push(target);
      adapter.url = target;
    },
  };
  return adapter;
}

const actors: AuthActor[] = [];
let stub: TokenEndpointStub | undefined;

afterEach(async () => {
  for (const actor of actors.splice(0)) actor.stop();
  await stub?.close();
  stub = undefined;
});

async function setup(options: { url?: string; clientSecret?: string } = {}) {
  stub = await startTokenEndpointStub({ clientId: CLIENT_ID, ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}) });
  const browser = fakeBrowser('url' in options ? options.url : PAGE);
  const storage = memoryStorage();
  const transport = scriptedTransport();
  const oauth = {
    domain: stub.domain,
    redirectSignIn: [CALLBACK, 'myapp://callback'],
    redirectSignOut: ['http://localhost:3000/bye', 'myapp://bye'],
    scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    responseType: 'code' as const,
  };
  const config: AuthConfig = {
    userPoolId: POOL_ID,
    userPoolClientId: CLIENT_ID,
    transport,
    storage,
    oauth,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
  };
  const inspected: string[] = [];
  const start = () => {
    const actor = createAuth(config, {
      redirect: oauthRedirect({ adapter: browser }),
      inspect: redactedInspection({ next: (event) => inspected.push(JSON.stringify(event)) }),
    });
    actors.push(actor);
    const emitted: AuthEmitted[] = [];
    actor.on('*', (event) => emitted.push(event));
    return { actor, emitted };
  };
  const tokens = fakeTokens({ username: 'alice' });
  /** What Cognito's authorize endpoint does once the user signed in: a code for this request, back to its redirect URI. */
  const cognitoReturn = (authorizeUrl: string) => {
    const params = new URL(authorizeUrl).searchParams;
    const code = stub!.issueCode({
      redirectUri: params.get('redirect_uri')!,
      codeChallenge: params.get('code_challenge')!,
      tokens: { access_token: tokens.AccessToken, id_token: tokens.IdToken, refresh_token: tokens.RefreshToken },
    });
    return { code, url: `${params.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(params.get('state')!)}` };
  };
  return { stub, browser, storage, transport, config, start, tokens, cognitoReturn, inspected };
}

const settled = (actor: AuthActor) => waitFor(actor, (s) => !s.hasTag('busy'));

describe('SIGN_IN_WITH_REDIRECT', () => {
  it('keeps the verifier and state in session storage and sends the browser to /oauth2/authorize', async () => {
    const t = await setup();
    const { actor } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT', provider: 'Google', loginHint: 'alice@example.com' });
    expect(actor.getSnapshot().value).toEqual({ redirectSignIn: 'redirecting' });
    expect(actor.getSnapshot().hasTag('busy')).toBe(true);
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ redirectSignIn: 'awaitingReturn' });
    expect(t.browser.opened).toHaveLength(1);
    const url = new URL(t.browser.opened[0]!.url);
    expect(`${url.origin}${url.pathname}`).toBe(`${t.stub.domain}/oauth2/authorize`);
    expect([...url.searchParams.keys()]).toEqual([
      'redirect_uri', 'response_type', 'client_id', 'identity_provider', 'scope', 'login_hint', 'state', 'code_challenge', 'code_challenge_method',
    ]);
    expect(url.searchParams.get('redirect_uri')).toBe(CALLBACK);
    expect(url.searchParams.get('identity_provider')).toBe('Google');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const kept = t.browser.storage.snapshot();
    expect(kept[`CognitoIdentityServiceProvider.${CLIENT_ID}.inflightOAuth`]).toBe('true');
    expect(kept[`CognitoIdentityServiceProvider.${CLIENT_ID}.oauthState`]).toBe(url.searchParams.get('state'));
    expect(kept[`CognitoIdentityServiceProvider.${CLIENT_ID}.oauthPKCE`]).toMatch(/^[A-Za-z0-9]{128}$/);
    // Nothing went to Cognito's JSON API, and nothing secret is in the context.
    expect(t.transport.calls).toEqual([]);
    expect(JSON.stringify(actor.getSnapshot().context)).not.toContain(kept[`CognitoIdentityServiceProvider.${CLIENT_ID}.oauthPKCE`]);
  });

  it('completes on the page Cognito sends the user back to, with the custom state, and cleans the address bar', async () => {
    const t = await setup();
    const first = t.start();
    first.actor.send({ type: 'SIGN_IN_WITH_REDIRECT', customState: '/basket?item=42' });
    await settled(first.actor);
    const verifier = t.browser.storage.snapshot()[`CognitoIdentityServiceProvider.${CLIENT_ID}.oauthPKCE`]!;
    first.actor.stop();
    // The page unloads; Cognito sends the browser back here, and the app starts again.
    const back = t.cognitoReturn(t.browser.opened[0]!.url);
    t.browser.url = back.url;
    const { actor, emitted } = t.start();
    expect(actor.getSnapshot().value).toEqual({ redirectSignIn: 'completing' });
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(actor.getSnapshot().context.user?.username).toBe('alice');
    expect(emitted.map((e) => e.type)).toEqual(['customOAuthState', 'signInWithRedirect', 'signIn']);
    expect(emitted[0]).toEqual({ type: 'customOAuthState', state: '/basket?item=42' });
    expect(t.stub.requests.map((r) => r.form)).toEqual([
      { grant_type: 'authorization_code', client_id: CLIENT_ID, code: back.code, redirect_uri: CALLBACK, code_verifier: verifier },
    ]);
    // Stored like any sign-in, marked as from managed login; the verifier and state are spent.
    const stored = t.storage.snapshot();
    expect(stored[`CognitoIdentityServiceProvider.${CLIENT_ID}.LastAuthUser`]).toBe('alice');
    expect(stored[`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.accessToken`]).toBe(t.tokens.AccessToken);
    expect(stored[`CognitoIdentityServiceProvider.${CLIENT_ID}.alice.oauthMetadata`]).toBe('{"oauthSignIn":true}');
    expect(t.browser.storage.snapshot()).toEqual({});
    expect(t.browser.replaced).toEqual([CALLBACK]);
    // Never in an event, a persisted snapshot or the inspector: the code, the verifier, the tokens.
    const persisted = JSON.stringify(actor.getPersistedSnapshot());
    for (const secret of [back.code, verifier, t.tokens.AccessToken, t.tokens.IdToken, t.tokens.RefreshToken]) {
      expect(JSON.stringify(emitted)).not.toContain(secret);
      expect(persisted).not.toContain(secret);
      expect(t.inspected.join('\n')).not.toContain(secret);
    }
    expect(t.inspected.join('\n')).toContain('REDIRECT_RETURNED');
  });

  it('ignores a page with code and state when no redirect sign-in is in flight here', async () => {
    const t = await setup({ url: `${CALLBACK}?code=abc&state=xyz` });
    const { actor, emitted } = t.start();
    expect(actor.getSnapshot().value).toBe('signedOut');
    await Promise.resolve();
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(emitted).toEqual([]);
    expect(t.stub.requests).toEqual([]);
    expect(t.browser.replaced).toEqual([]);
  });

  it('refuses a return whose state it did not send: StateMismatch, no exchange, signed out and told', async () => {
    const t = await setup();
    const first = t.start();
    first.actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(first.actor);
    first.actor.stop();
    const back = t.cognitoReturn(t.browser.opened[0]!.url);
    t.browser.url = back.url.replace(/state=[^&]+/, 'state=forged');
    const { actor, emitted } = t.start();
    await settled(actor);
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error?.name).toBe('StateMismatch');
    expect(emitted.map((e) => e.type)).toEqual(['signInWithRedirect_failure']);
    expect(emitted[0]).toMatchObject({ error: expect.any(AuthError) });
    expect(t.stub.requests).toEqual([]);
    expect(t.browser.storage.snapshot()).toEqual({});
    expect(t.browser.replaced).toEqual([CALLBACK]);
  });

  it("reports Cognito's error= return under Cognito's name", async () => {
    const t = await setup();
    const first = t.start();
    first.actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(first.actor);
    first.actor.stop();
    t.browser.url = `${CALLBACK}?error=access_denied&state=x`;
    const { actor, emitted } = t.start();
    await settled(actor);
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error?.name).toBe('access_denied');
    expect(emitted.map((e) => e.type)).toEqual(['signInWithRedirect_failure']);
    expect(t.browser.replaced).toEqual([CALLBACK]);
  });

  it('reports a refused exchange (the code already used) and stores nothing', async () => {
    const t = await setup();
    const first = t.start();
    first.actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(first.actor);
    first.actor.stop();
    const back = t.cognitoReturn(t.browser.opened[0]!.url);
    t.browser.url = back.url.replace(back.code, 'not-a-code');
    const { actor, emitted } = t.start();
    await settled(actor);
    expect(actor.getSnapshot().context.error?.name).toBe('invalid_grant');
    expect(emitted.map((e) => e.type)).toEqual(['signInWithRedirect_failure']);
    expect(t.storage.snapshot()).toEqual({});
  });

  it('spends the verifier and state once: the same return URL again is refused without an exchange', async () => {
    const t = await setup({ url: undefined });
    const { actor } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(actor);
    const back = t.cognitoReturn(t.browser.opened[0]!.url);
    actor.send({ type: 'REDIRECT_RETURNED', url: back.url });
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ signedIn: 'idle' });
    t.transport.reply('RevokeToken', {});
    actor.send({ type: 'SIGN_OUT' });
    await settled(actor);
    actor.send({ type: 'REDIRECT_RETURNED', url: back.url });
    await settled(actor);
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error?.name).toBe('StateMismatch');
    expect(t.stub.requests).toHaveLength(1);
  });

  it('takes the return URL a native auth session comes back with, and signs in', async () => {
    const t = await setup({ url: undefined });
    t.browser.returnUrl = (authorizeUrl) => t.cognitoReturn(authorizeUrl).url;
    const { actor, emitted } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT', customState: 'from-native' });
    await waitFor(actor, (s) => s.matches('signedIn'));
    // Without a page, the app's own scheme is the redirect URI.
    expect(new URL(t.browser.opened[0]!.url).searchParams.get('redirect_uri')).toBe('myapp://callback');
    expect(emitted.map((e) => e.type)).toEqual(['customOAuthState', 'signInWithRedirect', 'signIn']);
    expect(t.browser.replaced).toEqual([]);
  });

  it('waits for REDIRECT_RETURNED when the adapter only opens the URL; CANCEL gives up', async () => {
    const t = await setup({ url: undefined });
    const { actor, emitted } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(actor);
    expect(actor.getSnapshot().value).toEqual({ redirectSignIn: 'awaitingReturn' });
    actor.send({ type: 'REDIRECT_RETURNED', url: '' });
    expect(actor.getSnapshot().value).toEqual({ redirectSignIn: 'awaitingReturn' });
    expect(actor.getSnapshot().context.error?.fields?.[0]?.path).toBe('url');
    actor.send({ type: 'CANCEL' });
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error).toBeNull();
    expect(emitted).toEqual([]);
  });

  it('signs out of managed login too: the existing sign-out, then /logout', async () => {
    const t = await setup({ url: undefined });
    t.browser.returnUrl = (authorizeUrl) => t.cognitoReturn(authorizeUrl).url;
    const { actor } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await waitFor(actor, (s) => s.matches('signedIn'));
    t.transport.reply('RevokeToken', {});
    actor.send({ type: 'SIGN_OUT' });
    await waitFor(actor, (s) => s.matches('signedOut'));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(t.transport.calls.map((c) => c.op)).toEqual(['RevokeToken']);
    expect(t.browser.opened.at(-1)).toEqual({
      url: `${t.stub.domain}/logout?client_id=${CLIENT_ID}&logout_uri=${encodeURIComponent('myapp://bye')}`,
      purpose: 'signOut',
    });
    expect(t.storage.snapshot()).toEqual({});
  });

  it('refuses bad input at the transition and sends nothing', async () => {
    const t = await setup();
    const { actor, emitted } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT', provider: 'Goo gle' });
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error?.fields).toEqual([{ path: 'provider', message: 'must not contain whitespace' }]);
    expect(t.browser.opened).toEqual([]);
    expect(emitted).toEqual([]);
  });

  it('refreshes the session with InitiateAuth REFRESH_TOKEN_AUTH, as after any sign-in', async () => {
    const t = await setup({ url: undefined });
    t.browser.returnUrl = (authorizeUrl) => t.cognitoReturn(authorizeUrl).url;
    const { actor, emitted } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await waitFor(actor, (s) => s.matches('signedIn'));
    const renewed = fakeTokens({ username: 'alice' });
    t.transport.reply('InitiateAuth', { AuthenticationResult: { AccessToken: renewed.AccessToken, IdToken: renewed.IdToken, ExpiresIn: 3600 } });
    actor.send({ type: 'REFRESH' });
    await settled(actor);
    expect(t.transport.callsOf('InitiateAuth')).toEqual([
      { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: CLIENT_ID, AuthParameters: { REFRESH_TOKEN: t.tokens.RefreshToken } },
    ]);
    expect(actor.getSnapshot().context.tokens?.refreshToken).toBe(t.tokens.RefreshToken);
    expect(emitted.at(-1)?.type).toBe('tokenRefresh');
    expect(t.stub.requests).toHaveLength(1);
  });

  it('sends the client secret by HTTP Basic when the config has one', async () => {
    const t = await setup({ url: undefined, clientSecret: 'app-client-secret' });
    t.browser.returnUrl = (authorizeUrl) => t.cognitoReturn(authorizeUrl).url;
    const { actor } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await waitFor(actor, (s) => s.matches('signedIn'));
    expect(t.stub.requests[0]!.authorization).toBe(`Basic ${Buffer.from(`${CLIENT_ID}:app-client-secret`).toString('base64')}`);
  });

  it('is refused while signed in, as SIGN_IN is', async () => {
    const t = await setup({ url: undefined });
    t.browser.returnUrl = (authorizeUrl) => t.cognitoReturn(authorizeUrl).url;
    const { actor } = t.start();
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await waitFor(actor, (s) => s.matches('signedIn'));
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    expect(actor.getSnapshot().value).toEqual({ signedIn: 'idle' });
    expect(actor.getSnapshot().context.error?.name).toBe('UserAlreadyAuthenticatedException');
    expect(t.browser.opened).toHaveLength(1);
  });
});

describe('without oauth configured', () => {
  it('refuses SIGN_IN_WITH_REDIRECT with a ValidationError naming oauth, and sends nothing', async () => {
    const transport = scriptedTransport();
    const actor = createAuth({ userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport });
    actors.push(actor);
    const emitted: AuthEmitted[] = [];
    actor.on('*', (event) => emitted.push(event));
    actor.send({ type: 'SIGN_IN_WITH_REDIRECT' });
    await settled(actor);
    expect(actor.getSnapshot().value).toBe('signedOut');
    expect(actor.getSnapshot().context.error?.name).toBe('ValidationError');
    expect(actor.getSnapshot().context.error?.fields).toEqual([
      { path: 'oauth', message: 'is not configured: give createAuth an oauth config and oauthRedirect() from cognito-auth-machine/oauth' },
    ]);
    expect(emitted.map((e) => e.type)).toEqual(['signInWithRedirect_failure']);
    expect(transport.calls).toEqual([]);
  });

  it('createAuth refuses an oauth config without oauthRedirect(), oauthRedirect() without oauth, and a bad oauth config', () => {
    const base = { userPoolId: POOL_ID, userPoolClientId: CLIENT_ID, transport: scriptedTransport() };
    const oauth = { domain: 'auth.example.com', redirectSignIn: [CALLBACK], redirectSignOut: [CALLBACK], scopes: ['openid'], responseType: 'code' as const };
    const fieldsOf = (run: () => unknown) => {
      try {
        actors.push(run() as AuthActor);
      } catch (error) {
        return (error as AuthError).fields;
      }
      return undefined;
    };
    expect(fieldsOf(() => createAuth({ ...base, oauth }))?.[0]?.path).toBe('oauth');
    const redirect = oauthRedirect({ adapter: fakeBrowser(PAGE) });
    expect(fieldsOf(() => createAuth(base, { redirect }))?.[0]?.path).toBe('oauth');
    expect(fieldsOf(() => createAuth({ ...base, oauth: { ...oauth, responseType: 'token' as 'code' } }, { redirect }))?.[0]?.path).toBe(
      'oauth.responseType',
    );
    expect(fieldsOf(() => createAuth(base, { redirect: {} as never }))?.[0]?.path).toBe('redirect');
  });
});
