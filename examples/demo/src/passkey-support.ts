/**
 * Whether this page can use passkeys, and if not, why in words. The demo pool's passkeys belong to `localhost`
 * (examples/demo-passwordless.ts): browsers take no IP address as a relying party, so a page opened on 127.0.0.1
 * says where to open it instead of failing in the browser's prompt.
 */
export type PasskeySupport = { usable: true } | { usable: false; reason: string; localhostUrl?: string };

const IP_HOST = /^(\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:.]+\])$/i;

export function passkeySupport(where: Pick<Location, 'href' | 'hostname'> = location): PasskeySupport {
  if (IP_HOST.test(where.hostname)) {
    const url = new URL(where.href);
    url.hostname = 'localhost';
    return {
      usable: false,
      reason: `Passkeys need the page on localhost: browsers do not accept an IP address (${where.hostname}) as a passkey's relying party.`,
      localhostUrl: url.href,
    };
  }
  if (typeof window !== 'undefined' && !window.isSecureContext) {
    return { usable: false, reason: 'Passkeys need a secure page: https, or http on localhost.' };
  }
  if (typeof PublicKeyCredential === 'undefined') {
    return { usable: false, reason: 'This browser has no passkeys (WebAuthn).' };
  }
  return { usable: true };
}
