import { createHash, randomUUID } from 'node:crypto';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { AuthError } from '../../machines/auth-error.js';
import type { OAuthConfig } from '../../machines/oauth-config.js';
import type { RedirectAdapter } from '../../services/redirect-adapter.js';
import type { FetchLike } from '../../services/token-exchange.js';
import type { World } from './backends.js';

/*
 * Cognito's managed login for the model paths, scripted: the backends are Cognito's JSON API only, so the user's
 * visit to the authorize page and the token endpoint are played here. A code is issued for the authorize URL the
 * machine opened (bound to its redirect URI and PKCE challenge, spent once); exchanging it signs the user in on
 * the backend (InitiateAuth), so that the tokens are the backend's own and later steps (refresh, sign-out) work.
 */

export const MODEL_OAUTH: OAuthConfig = {
  domain: 'auth.model.example.com',
  redirectSignIn: ['myapp://signed-in'],
  redirectSignOut: ['myapp://signed-out'],
  scopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
  responseType: 'code',
};

interface Grant {
  redirectUri: string;
  challenge: string;
  username: string;
  password: string;
}

export interface ManagedLogin {
  adapter: RedirectAdapter;
  fetch: FetchLike;
  /** The next authorize URL opened comes back at once (a native auth session) with the user signed in. */
  returnAtOnce(user: { username: string; password: string }): void;
  /** The next authorize URL cannot be opened. */
  failNextOpen(): void;
  /** The URL the user comes back to after signing in at the last authorize URL opened. */
  signedInReturn(user: { username: string; password: string }): string;
  /** The URL the user comes back to after refusing consent at the last authorize URL opened. */
  deniedReturn(): string;
}

export function managedLogin(world: World): ManagedLogin {
  const codes = new Map<string, Grant>();
  let lastOpened: URL | undefined;
  let atOnce: { username: string; password: string } | undefined;
  let failOpen = false;

  const signedInReturn = (user: { username: string; password: string }) => {
    if (!lastOpened) throw new Error('no authorize URL was opened');
    const params = lastOpened.searchParams;
    const code = randomUUID();
    codes.set(code, { redirectUri: params.get('redirect_uri')!, challenge: params.get('code_challenge')!, ...user });
    return `${params.get('redirect_uri')}?code=${code}&state=${encodeURIComponent(params.get('state')!)}`;
  };

  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

  return {
    adapter: {
      currentUrl: () => undefined,
      storage: memoryStorage(),
      open(url) {
        if (failOpen) {
          failOpen = false;
          throw new AuthError('NetworkError', 'The sign-in page could not be opened', { retryable: true });
        }
        lastOpened = new URL(url);
        const user = atOnce;
        atOnce = undefined;
        return user ? signedInReturn(user) : undefined;
      },
    },
    async fetch(_url, init) {
      const form = new URLSearchParams(String(init.body));
      const code = form.get('code') ?? '';
      const grant = codes.get(code);
      codes.delete(code);
      const verifier = form.get('code_verifier') ?? '';
      if (!grant || grant.redirectUri !== form.get('redirect_uri') || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
        return json(400, { error: 'invalid_grant' });
      }
      const output = await world.arrange.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.clientId,
        AuthParameters: { USERNAME: grant.username, PASSWORD: grant.password },
      });
      const result = output.AuthenticationResult;
      if (!result?.AccessToken || !result.IdToken) return json(400, { error: 'invalid_grant' });
      return json(200, {
        access_token: result.AccessToken,
        id_token: result.IdToken,
        refresh_token: result.RefreshToken,
        expires_in: result.ExpiresIn ?? 3600,
        token_type: 'Bearer',
      });
    },
    returnAtOnce(user) {
      atOnce = user;
    },
    failNextOpen() {
      failOpen = true;
    },
    signedInReturn,
    deniedReturn() {
      const state = lastOpened?.searchParams.get('state') ?? '';
      return `${MODEL_OAUTH.redirectSignIn[0]}?error=access_denied&state=${encodeURIComponent(state)}`;
    },
  };
}
