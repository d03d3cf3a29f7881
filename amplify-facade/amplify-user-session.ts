import type { AuthTokens } from '../machines/auth-types.js';
import { decodeJwtClaims, type JwtClaims } from '../services/token-claims.js';

/** An ID or access token with the getters amazon-cognito-identity-js gave apps (`getJwtToken`, `payload`, …). */
export class AmplifyJwtToken {
  readonly jwtToken: string;
  readonly payload: JwtClaims;

  constructor(token: string) {
    this.jwtToken = token;
    this.payload = decodeJwtClaims(token);
  }

  getJwtToken(): string {
    return this.jwtToken;
  }

  /** `exp`, in seconds since the epoch. */
  getExpiration(): number {
    return typeof this.payload.exp === 'number' ? this.payload.exp : 0;
  }

  /** `iat`, in seconds since the epoch. */
  getIssuedAt(): number {
    return typeof this.payload.iat === 'number' ? this.payload.iat : 0;
  }

  decodePayload(): JwtClaims {
    return this.payload;
  }
}

export class AmplifyRefreshToken {
  readonly token: string;

  constructor(token: string | undefined) {
    this.token = token ?? '';
  }

  getToken(): string {
    return this.token;
  }
}

/**
 * What `Auth.currentSession()` resolves to: v5's CognitoUserSession surface that apps use. A read-only view of
 * the tokens the machine held when it was made.
 */
export class AmplifyUserSession {
  readonly idToken: AmplifyJwtToken;
  readonly accessToken: AmplifyJwtToken;
  readonly refreshToken: AmplifyRefreshToken;
  /** Server clock minus this device's clock, in seconds (v5 counts in seconds; the machine in ms). */
  readonly clockDrift: number;

  constructor(tokens: AuthTokens) {
    this.idToken = new AmplifyJwtToken(tokens.idToken);
    this.accessToken = new AmplifyJwtToken(tokens.accessToken);
    this.refreshToken = new AmplifyRefreshToken(tokens.refreshToken);
    this.clockDrift = Math.round(tokens.clockDrift / 1000);
  }

  getIdToken(): AmplifyJwtToken {
    return this.idToken;
  }

  getAccessToken(): AmplifyJwtToken {
    return this.accessToken;
  }

  getRefreshToken(): AmplifyRefreshToken {
    return this.refreshToken;
  }

  getClockDrift(): number {
    return this.clockDrift;
  }

  /** Both tokens unexpired on the server's clock, as v5 judged it. */
  isValid(now: number = Date.now()): boolean {
    const serverNow = Math.floor(now / 1000) + this.clockDrift;
    return serverNow < this.accessToken.getExpiration() && serverNow < this.idToken.getExpiration();
  }
}
