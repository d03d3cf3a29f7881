import type { AuthTokens, AuthUser, PendingChallenge, UserAttributeValue } from '../machines/auth-types.js';
import { AmplifyUserSession } from './amplify-user-session.js';

/** NEW_PASSWORD_REQUIRED's challengeParam, as v5 built it from Cognito's JSON strings. */
export interface NewPasswordChallengeParam {
  userAttributes: Record<string, string>;
  requiredAttributes: string[];
}

export type ChallengeParam = Record<string, string> | NewPasswordChallengeParam;

/**
 * The user object of the Amplify v5 guide's calls (v5's CognitoUser, as far as apps read it): `username`, and either
 * `challengeName` + `challengeParam` while a sign-in waits for an answer, or `attributes` + `signInUserSession`
 * once signed in. It is a handle: the pending challenge and its Cognito session stay inside the auth machine.
 */
export class AmplifyUser {
  username: string;
  challengeName?: string;
  challengeParam?: ChallengeParam;
  attributes?: Record<string, UserAttributeValue>;
  signInUserSession: AmplifyUserSession | null = null;

  constructor(username: string) {
    this.username = username;
  }

  static signedIn(user: AuthUser, tokens: AuthTokens): AmplifyUser {
    const amplifyUser = new AmplifyUser(user.username);
    amplifyUser.attributes = attributesOf(user);
    amplifyUser.signInUserSession = new AmplifyUserSession(tokens);
    return amplifyUser;
  }

  static challenged(challenge: PendingChallenge): AmplifyUser {
    const amplifyUser = new AmplifyUser(challenge.username);
    amplifyUser.challengeName = challenge.name;
    amplifyUser.challengeParam = challengeParamOf(challenge);
    return amplifyUser;
  }

  getUsername(): string {
    return this.username;
  }

  getSignInUserSession(): AmplifyUserSession | null {
    return this.signInUserSession;
  }
}

/** v5 read attributes with GetUser: `sub` included, `*_verified` as booleans, everything else as a string. */
export function attributesOf(user: AuthUser): Record<string, UserAttributeValue> {
  const attributes: Record<string, UserAttributeValue> = {};
  for (const [name, value] of Object.entries(user.attributes)) {
    attributes[name] = name.endsWith('_verified') ? value === true || value === 'true' : String(value);
  }
  return attributes;
}

function challengeParamOf(challenge: PendingChallenge): ChallengeParam {
  if (challenge.name !== 'NEW_PASSWORD_REQUIRED') return { ...challenge.parameters };
  return {
    userAttributes: parseAttributes(challenge.parameters.userAttributes),
    requiredAttributes: challenge.requiredAttributes ?? [],
  };
}

function parseAttributes(json: string | undefined): Record<string, string> {
  if (!json) return {};
  try {
    const parsed: unknown = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}
