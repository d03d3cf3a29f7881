import type { PasskeySupport } from './passkey-support.js';

/** Why passkeys are off on this page, with the address where they work when there is one. */
export function PasskeyNotice({ support }: { support: PasskeySupport }) {
  if (support.usable) return null;
  return (
    <p className="banner banner--info passkey-notice" role="note" data-testid="passkey-notice">
      <span className="banner__text">{support.reason}</span>
      {support.localhostUrl ? (
        <span className="banner__detail">
          Open <a href={support.localhostUrl}>{support.localhostUrl}</a> to use them.
        </span>
      ) : null}
    </p>
  );
}
