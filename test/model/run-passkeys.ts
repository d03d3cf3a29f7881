import { SoftwareAuthenticator } from '../../packages/local-pool/test/software-authenticator.js';
import type { WebAuthnAdapter } from '../../services/webauthn-adapter.js';
import type { World } from './backends.js';

/** The origin the runs' passkey ceremonies claim: the model pools' relying party is `localhost`. */
const ORIGIN = 'http://localhost';

/** A run's passkeys: a software authenticator as the machine's adapter, and what the steps arrange with it. */
export interface RunPasskeys {
  adapter: WebAuthnAdapter;
  /** The next ceremony fails as a user's cancel does (NotAllowedError). */
  cancelNext(): void;
  /** Registers a passkey for the user out of band (as another session of theirs would); returns its credential ID. */
  register(world: World, accessToken: string): Promise<string>;
  /** Signs in out of band with a password: the access token to register with. */
  accessTokenOf(world: World, username: string, password: string): Promise<string>;
}

/**
 * `wrap` stands between the machine and the authenticator (fault injection): a ceremony the step cancels on purpose
 * (`cancelNext`) never reaches it, so the ceremonies it counts are those the authenticator would run.
 */
export function runPasskeys(wrap?: (adapter: WebAuthnAdapter) => WebAuthnAdapter): RunPasskeys {
  const authenticator = new SoftwareAuthenticator();
  let cancel = false;
  const software: WebAuthnAdapter = {
    async get(json) {
      const options = JSON.parse(json) as { allowCredentials?: { id: string }[] };
      // The user's own passkey: the run may hold several users' (a step sent again makes a new user).
      const allowed = (options.allowCredentials ?? []).map((c) => c.id);
      const passkey = [...authenticator.passkeys].reverse().find((p) => allowed.length === 0 || allowed.includes(p.id));
      return JSON.stringify(authenticator.get(options, ORIGIN, passkey ? { passkey } : {}));
    },
    async create(json) {
      return JSON.stringify(authenticator.create(JSON.parse(json) as Record<string, unknown>, ORIGIN));
    },
  };
  const reached = wrap ? wrap(software) : software;
  return {
    adapter: {
      async get(json) {
        if (cancel) {
          cancel = false;
          throw new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError');
        }
        return reached.get(json);
      },
      create: (json) => reached.create(json),
    },
    cancelNext() {
      cancel = true;
    },
    async register(world, accessToken) {
      const started = await world.arrange.send('StartWebAuthnRegistration', { AccessToken: accessToken });
      const credential = authenticator.create(started.CredentialCreationOptions as Record<string, unknown>, ORIGIN);
      await world.arrange.send('CompleteWebAuthnRegistration', { AccessToken: accessToken, Credential: credential });
      return credential.id as string;
    },
    async accessTokenOf(world, username, password) {
      const out = await world.arrange.send('InitiateAuth', {
        AuthFlow: 'USER_PASSWORD_AUTH',
        ClientId: world.clientId,
        AuthParameters: { USERNAME: username, PASSWORD: password },
      });
      const token = out.AuthenticationResult?.AccessToken;
      if (!token) throw new Error('arranging a passkey: no access token');
      return token;
    },
  };
}
