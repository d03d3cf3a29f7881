import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { OAuthState, CodeRecord } from './oauth-records.js';
import type { ServiceState } from './service-state.js';

export type { CodeRecord, OAuthState, PendingLogin } from './oauth-records.js';

/**
 * Authorization codes live 5 minutes and are spent once
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/authorization-endpoint.html).
 */
export const CODE_LIFETIME_MS = 5 * 60_000;
/** The managed-login session cookie lives 1 hour (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html). */
export const LOGIN_SESSION_MS = 60 * 60_000;

export function oauthStateOf(state: ServiceState): OAuthState {
  state.oauth ??= { codes: new Map(), pending: new Map(), key: randomBytes(32) };
  return state.oauth;
}

export function sweepOAuth(oauth: OAuthState, now: number): void {
  for (const [code, record] of oauth.codes) if (now >= record.expiresAt) oauth.codes.delete(code);
  for (const [id, record] of oauth.pending) if (now >= record.expiresAt) oauth.pending.delete(id);
}

export function newOpaqueId(): string {
  return randomBytes(32).toString('base64url');
}

export function issueCode(state: ServiceState, record: Omit<CodeRecord, 'expiresAt'>): string {
  const code = newOpaqueId();
  oauthStateOf(state).codes.set(code, { ...record, expiresAt: state.clock.now() + CODE_LIFETIME_MS });
  return code;
}

/**
 * Takes a code out of circulation and returns it if it was live. Synchronous: of two concurrent requests with the
 * same code, exactly one gets it. A code shown with the wrong client, redirect or verifier is spent all the same.
 */
export function spendCode(state: ServiceState, code: string): CodeRecord | undefined {
  const codes = oauthStateOf(state).codes;
  const record = codes.get(code);
  if (!record) return undefined;
  codes.delete(code);
  return state.clock.now() < record.expiresAt ? record : undefined;
}

export function sign(state: ServiceState, text: string): string {
  return createHmac('sha256', oauthStateOf(state).key).update(text).digest('base64url');
}

export function signatureMatches(state: ServiceState, text: string, signature: string): boolean {
  const expected = Buffer.from(sign(state, text));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
