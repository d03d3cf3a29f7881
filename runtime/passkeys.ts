import { providePasskeyServices } from '../machines/passkey-registry.js';
import { createPasskeyServices } from '../services/passkey-services.js';
import { ServiceKit } from '../services/service-kit.js';
import type { WebAuthnAdapter } from '../services/webauthn-adapter.js';
import type { AuthFeature } from './auth-feature.js';

/** Passkeys as `createAuth` takes them: `createAuth(config, { passkeys: passkeys({ adapter: browserWebAuthn() }) })`. */
export type Passkeys = AuthFeature<'passkeys'>;

export interface PasskeysOptions {
  /** How the WebAuthn ceremonies run: `browserWebAuthn()` in browsers; a native app's own passkey API. */
  adapter: WebAuthnAdapter;
}

/**
 * Passkeys: the WEB_AUTHN challenge of USER_AUTH sign-in answered by the adapter's ceremony, and REGISTER_PASSKEY,
 * FETCH_PASSKEYS and DELETE_PASSKEY while signed in. Without it those fail with PasskeysNotConfiguredError.
 */
export function passkeys(options: PasskeysOptions): Passkeys {
  const { adapter } = options;
  return {
    feature: 'passkeys',
    provide(actor, context) {
      const kit = new ServiceKit({
        transport: context.transport,
        storage: context.storage,
        userPoolId: context.userPoolId,
        clientId: context.clientId,
        ...(context.clientSecret ? { clientSecret: context.clientSecret } : {}),
      });
      providePasskeyServices(actor, createPasskeyServices(kit, adapter));
    },
  };
}
