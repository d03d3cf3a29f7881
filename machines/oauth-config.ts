import * as v from './schema.js';
import { AuthError } from './auth-error.js';
import { fieldsOf } from './auth-events.js';
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * The `oauth` part of createAuth's config: managed login (the hosted UI) and social sign-in through it, in Amplify
 * v6's shape. Checked by `oauthRedirect()` (cognito-auth-machine/oauth) when createAuth starts, so that an app
 * without redirect sign-in does not ship this schema.
 */
export interface OAuthConfig {
  /**
   * The user pool's domain: a host (`auth.example.com`, `myprefix.auth.us-east-1.amazoncognito.com`; https is
   * assumed), or a URL with scheme and path (`http://127.0.0.1:9229/mypool`, a local user pool).
   */
  domain: string;
  /** The app client's callback URLs this app may return to; the one for the current page is chosen as Amplify does. */
  redirectSignIn: string[];
  /** The app client's sign-out URLs; `/logout` sends the user back to one of them. */
  redirectSignOut: string[];
  /** Scopes to ask for, e.g. `openid`, `email`, `aws.cognito.signin.user.admin`, `<resource server>/<scope>`. */
  scopes: string[];
  /** Only the authorization code flow (with PKCE) is supported. */
  responseType: 'code';
  /** The identity providers the app offers (informational; SIGN_IN_WITH_REDIRECT names the one to use). */
  providers?: string[];
}

/*
 * Formats from the app client's settings in Cognito's API reference:
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CreateUserPoolClient.html
 * CallbackURLs / LogoutURLs: absolute, no fragment, at most 1024 characters; HTTPS, except http://localhost (and the
 * loopback addresses) for testing; a custom scheme (myapp://) for native apps. AllowedOAuthScopes: at most 50, each
 * 1-256 characters of [\x21\x23-\x5B\x5D-\x7E].
 */
const HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*(?::\d{1,5})?$/;
const DOMAIN_URL = /^https?:\/\/[^\s/?#]+(?:\/[^\s?#]*)?$/i;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\S+$/;
const LOOPBACK_HTTP = /^http:\/\/(?:localhost|127\.0\.0\.1|\[::1\])(?::\d+)?(?:[/?]|$)/i;

function redirectUrlProblem(url: string): string | undefined {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  if (!scheme) return 'must be an absolute URL (https://…, or myapp://… for a native app)';
  if (url.includes('#')) return 'must not have a fragment';
  if (scheme === 'http' && !LOOPBACK_HTTP.test(url)) return 'must use https (http only for localhost)';
  return undefined;
}

export const oauthConfigSchema = /* @__PURE__ */ builtOnFirstUse(() => {
  const redirectUrl = v.string().check(
    v.maxLength(1024, 'must be at most 1024 characters'),
    v.superRefine((url: string, report) => {
      const problem = redirectUrlProblem(url);
      if (problem) report(problem);
    }),
  );
  const redirectUrls = v.array(redirectUrl).check(v.minLength(1, 'must list at least one URL'), v.maxLength(100, 'must list at most 100 URLs'));
  return v.object({
    domain: v.string().check(
      v.refine((domain) => HOST.test(domain) || DOMAIN_URL.test(domain), 'must be a host (auth.example.com) or an http(s) URL without query'),
    ),
    redirectSignIn: redirectUrls,
    redirectSignOut: redirectUrls,
    scopes: v.array(
      v.string().check(v.regex(/^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/, 'must be a Cognito scope: 1-256 characters, no spaces, quotes or backslashes')),
    ).check(v.maxLength(50, 'must list at most 50 scopes')),
    responseType: v.string().check(
      v.refine((type) => type === 'code', "must be 'code': the implicit flow ('token') is not supported, use the code flow (with PKCE)"),
    ),
    providers: v.optional(v.array(v.string().check(v.minLength(1, 'must not be empty')))),
  });
});

/** Throws a ValidationError naming each bad field (`oauth.domain`, …); returns the config as checked. */
export function parseOAuthConfig(config: unknown): OAuthConfig {
  const parsed = oauthConfigSchema().safeParse(config);
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error.issues, '').map((field) => ({
      path: field.path ? `oauth.${field.path}` : 'oauth',
      message: field.message,
    }));
    throw new AuthError('ValidationError', `Invalid auth config: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, {
      fields,
    });
  }
  return parsed.data as OAuthConfig;
}
