import type { WebAuthnAdapter } from '../../services/webauthn-adapter.js';

/*
 * A passkey adapter whose n-th (1-based) ceremony, registration or assertion, fails as a browser's does: the
 * user cancels it or lets it time out (NotAllowedError), or the authenticator cannot do it (InvalidStateError,
 * e.g. a passkey already registered on it). The ceremony never reaches the authenticator, so that running it
 * again is meaningful.
 */

export const CEREMONY_FAULT_KINDS = ['cancelled', 'refused'] as const;
export type CeremonyFaultKind = (typeof CEREMONY_FAULT_KINDS)[number];

/** What the machine must show as `context.error.name` after each kind of failed ceremony. */
export const CEREMONY_ERROR_NAMES: Record<CeremonyFaultKind, string> = {
  cancelled: 'WebAuthnCancelledError',
  refused: 'WebAuthnError',
};

function failure(kind: CeremonyFaultKind): DOMException {
  return kind === 'cancelled'
    ? new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')
    : new DOMException('The authenticator was previously registered.', 'InvalidStateError');
}

export interface FaultyPasskeys extends WebAuthnAdapter {
  /** Ceremonies started so far, failed one included. */
  readonly ceremonies: number;
}

export function faultyPasskeys(inner: WebAuthnAdapter, failAt: number, kind: CeremonyFaultKind): FaultyPasskeys {
  let ceremonies = 0;
  const next = () => {
    ceremonies += 1;
    return ceremonies === failAt;
  };
  return {
    get ceremonies() {
      return ceremonies;
    },
    async get(json) {
      if (next()) throw failure(kind);
      return inner.get(json);
    },
    async create(json) {
      if (next()) throw failure(kind);
      return inner.create(json);
    },
  };
}
