/** The records of the OAuth endpoints a service holds (see oauth-state.ts). */

/** What an authorization code stands for: who signed in, for which client, redirect and scopes. */
export interface CodeRecord {
  poolId: string;
  clientId: string;
  redirectUri: string;
  sub: string;
  scopes: string[];
  authTime: number;
  nonce?: string;
  codeChallenge?: string;
  expiresAt: number;
}

/** A managed-login sign-in waiting for its MFA code. */
export interface PendingLogin {
  poolId: string;
  clientId: string;
  sub: string;
  challenge: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA';
  smsCode?: string;
  attemptsLeft: number;
  expiresAt: number;
}

export interface OAuthState {
  codes: Map<string, CodeRecord>;
  pending: Map<string, PendingLogin>;
  /** Signs the managed-login cookies and form tokens; a new one at each start ends earlier sessions. */
  key: Buffer;
}
