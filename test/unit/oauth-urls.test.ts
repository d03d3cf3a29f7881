import { describe, expect, it } from 'vitest';
import { AuthError } from '../../machines/auth-error.js';
import { authorizeUrl, chooseRedirectUri, logoutUrl, oauthBase, tokenEndpoint } from '../../services/oauth-urls.js';
import { codeOfReturn, parseRedirectReturn } from '../../services/redirect-return.js';

const CLIENT = 'testclient1234567890abcde';

describe('the endpoints of a domain', () => {
  it('assumes https for a host, keeps a URL with scheme and path', () => {
    expect(oauthBase('auth.example.com')).toBe('https://auth.example.com');
    expect(oauthBase('myprefix.auth.us-east-1.amazoncognito.com')).toBe('https://myprefix.auth.us-east-1.amazoncognito.com');
    expect(oauthBase('http://127.0.0.1:9229/us-east-1_Pool1/')).toBe('http://127.0.0.1:9229/us-east-1_Pool1');
    expect(tokenEndpoint('http://127.0.0.1:9229/p')).toBe('http://127.0.0.1:9229/p/oauth2/token');
    expect(tokenEndpoint('auth.example.com')).toBe('https://auth.example.com/oauth2/token');
  });
});

describe('the authorize URL', () => {
  const base = {
    domain: 'auth.example.com',
    clientId: CLIENT,
    redirectUri: 'https://app.example.com/callback',
    scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
    state: 'STATE123',
    codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
  };

  it('is exactly what Amplify v6 sends for the managed login page', () => {
    expect(authorizeUrl(base)).toBe(
      'https://auth.example.com/oauth2/authorize?redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback&response_type=code' +
        `&client_id=${CLIENT}&identity_provider=COGNITO&scope=openid+email+aws.cognito.signin.user.admin` +
        '&state=STATE123&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256',
    );
  });

  it('names the provider as Cognito does, and passes the login hint', () => {
    const url = new URL(authorizeUrl({ ...base, provider: 'Amazon', loginHint: 'alice@example.com' }));
    expect(url.searchParams.get('identity_provider')).toBe('LoginWithAmazon');
    expect(url.searchParams.get('login_hint')).toBe('alice@example.com');
    expect(new URL(authorizeUrl({ ...base, provider: 'Apple' })).searchParams.get('identity_provider')).toBe('SignInWithApple');
    expect(new URL(authorizeUrl({ ...base, provider: 'Google' })).searchParams.get('identity_provider')).toBe('Google');
    expect(new URL(authorizeUrl({ ...base, provider: 'MyCorpSAML' })).searchParams.get('identity_provider')).toBe('MyCorpSAML');
  });

  it('goes to the local pool under its path', () => {
    const url = authorizeUrl({ ...base, domain: 'http://127.0.0.1:9229/us-east-1_Pool1' });
    expect(url.startsWith('http://127.0.0.1:9229/us-east-1_Pool1/oauth2/authorize?redirect_uri=')).toBe(true);
  });

  it('builds the logout URL', () => {
    expect(logoutUrl('auth.example.com', CLIENT, 'https://app.example.com/bye?x=1')).toBe(
      `https://auth.example.com/logout?client_id=${CLIENT}&logout_uri=https%3A%2F%2Fapp.example.com%2Fbye%3Fx%3D1`,
    );
  });
});

describe('the redirect URI chosen', () => {
  const uris = ['myapp://callback', 'https://other.example.com/cb', 'https://app.example.com/', 'https://app.example.com/signin/done'];

  it('is the first that starts with the page origin and path', () => {
    expect(chooseRedirectUri(uris, 'https://app.example.com/signin/done?x=1', 'redirectSignIn')).toBe('https://app.example.com/signin/done');
    expect(chooseRedirectUri(uris, 'https://app.example.com/', 'redirectSignIn')).toBe('https://app.example.com/');
  });

  it('else the first on the page host', () => {
    expect(chooseRedirectUri(uris, 'https://app.example.com/account', 'redirectSignIn')).toBe('https://app.example.com/');
  });

  it('is the app scheme when there is no page (native, server)', () => {
    expect(chooseRedirectUri(uris, undefined, 'redirectSignIn')).toBe('myapp://callback');
    expect(chooseRedirectUri(['https://a.example.com/cb'], undefined, 'redirectSignOut')).toBe('https://a.example.com/cb');
  });

  it('is refused, naming the setting, when none fits the page', () => {
    let error: unknown;
    try {
      chooseRedirectUri(['https://a.example.com/cb'], 'https://b.example.org/page', 'redirectSignOut');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).name).toBe('ValidationError');
    expect((error as AuthError).fields?.[0]?.path).toBe('oauth.redirectSignOut');
  });
});

describe('the return URL', () => {
  it('carries a code and a state', () => {
    expect(parseRedirectReturn('https://app.example.com/cb?code=abc-123&state=S1')).toEqual({ kind: 'code', code: 'abc-123', state: 'S1' });
  });

  it('carries Cognito’s error, with its description', () => {
    expect(parseRedirectReturn('https://app.example.com/cb?error=access_denied&state=S1')).toEqual({ kind: 'error', error: 'access_denied', state: 'S1' });
    expect(parseRedirectReturn('https://app.example.com/cb?error=invalid_request&error_description=Read+timed+out')).toEqual({
      kind: 'error',
      error: 'invalid_request',
      description: 'Read timed out',
    });
    expect(parseRedirectReturn('https://app.example.com/cb#error=login_required&state=S1')).toMatchObject({ kind: 'error', error: 'login_required' });
  });

  it('carries nothing for an ordinary page, or what is not a URL', () => {
    expect(parseRedirectReturn('https://app.example.com/cb?page=2')).toBeNull();
    expect(parseRedirectReturn('not a url')).toBeNull();
  });

  it('gives the code only for the state this app sent', () => {
    expect(codeOfReturn({ kind: 'code', code: 'abc', state: 'S1' }, 'S1')).toBe('abc');
    const failure = (answer: Parameters<typeof codeOfReturn>[0]) => {
      try {
        codeOfReturn(answer, 'S1');
      } catch (error) {
        return { name: (error as AuthError).name, message: (error as AuthError).message, isAuthError: error instanceof AuthError };
      }
      return null;
    };
    expect(failure({ kind: 'code', code: 'abc', state: 'S2' })).toMatchObject({ name: 'StateMismatch', isAuthError: true });
    expect(failure({ kind: 'code', code: 'abc' })).toMatchObject({ name: 'StateMismatch' });
    expect(failure({ kind: 'code', state: 'S1' })).toMatchObject({ name: 'invalid_request' });
    expect(failure({ kind: 'error', error: 'access_denied' })).toMatchObject({ name: 'access_denied', message: 'Managed login answered access_denied' });
    expect(failure({ kind: 'error', error: 'invalid_request', description: 'Read timed out' })).toMatchObject({
      name: 'invalid_request',
      message: 'Read timed out',
    });
  });
});
