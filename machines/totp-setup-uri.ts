import { AuthError } from './auth-error.js';
import type { AuthContext } from './auth-types.js';

/**
 * The otpauth:// URI of a TOTP setup begun with SET_UP_TOTP, for the QR code an authenticator app scans; as
 * Amplify v6's `getSetupUri(appName, accountName?)`, the account name defaulting to the username. The context holds
 * the secret as a `Secret`, so that it never serialises; this is the one place it is read back for the user.
 */
export function totpSetupUri(context: Pick<AuthContext, 'totpSetup' | 'user'>, appName: string, accountName?: string): string {
  if (!context.totpSetup) throw new AuthError('InvalidStateException', 'No TOTP setup is pending: send SET_UP_TOTP first');
  const account = accountName ?? context.user?.username ?? '';
  const label = `${encodeURIComponent(appName)}:${encodeURIComponent(account)}`;
  const secret = encodeURIComponent(context.totpSetup.sharedSecret.reveal());
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(appName)}`;
}
