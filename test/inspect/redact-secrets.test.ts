import { describe, expect, it } from 'vitest';
import { createActor, fromPromise, type InspectionEvent } from 'xstate';
import { AuthError } from '../../machines/auth-error.js';
import { Secret } from '../../machines/secret.js';
import { isSecretKey, redactInspectionEvent, redactingInspector, redactSecrets } from '../../inspect.js';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';

describe('redactSecrets', () => {
  it('redacts the code and tokens a return URL carries, and keeps the rest of it', () => {
    expect(redactSecrets({ type: 'REDIRECT_RETURNED', url: 'https://app.example.com/cb?code=abc-123&state=S1' })).toEqual({
      type: 'REDIRECT_RETURNED',
      url: 'https://app.example.com/cb?code=[redacted]&state=S1',
    });
    expect(redactSecrets('myapp://cb#access_token=x.y&id_token=z&state=S')).toBe('myapp://cb#access_token=[redacted]&id_token=[redacted]&state=S');
    expect(redactSecrets('https://app.example.com/?page=2&codec=h264')).toBe('https://app.example.com/?page=2&codec=h264');
  });

  it('redacts by name in the machine’s and in Cognito’s spelling, and keeps the rest', () => {
    const input = {
      type: 'SIGN_IN',
      username: 'ada',
      password: 'Correct-Horse-9',
      ChallengeResponses: { USERNAME: 'ada', SMS_MFA_CODE: '123456', SECRET_HASH: 'h', NEW_PASSWORD: 'n', ANSWER: 'a' },
      AuthParameters: { SRP_A: 'abc', PASSWORD_CLAIM_SIGNATURE: 's' },
      tokens: { idToken: 'i', accessToken: 'a', refreshToken: 'r', expiresAt: 5 },
      challenge: { session: 's', totpSecret: 'JBSWY3DP', parameters: { question: '2 + 2' } },
      signUp: { autoSignIn: true },
    };
    expect(redactSecrets(input)).toEqual({
      type: 'SIGN_IN',
      username: 'ada',
      password: '[redacted]',
      ChallengeResponses: { USERNAME: 'ada', SMS_MFA_CODE: '[redacted]', SECRET_HASH: '[redacted]', NEW_PASSWORD: '[redacted]', ANSWER: '[redacted]' },
      AuthParameters: { SRP_A: '[redacted]', PASSWORD_CLAIM_SIGNATURE: '[redacted]' },
      tokens: { idToken: '[redacted]', accessToken: '[redacted]', refreshToken: '[redacted]', expiresAt: 5 },
      challenge: { session: '[redacted]', totpSecret: '[redacted]', parameters: { question: '2 + 2' } },
      signUp: { autoSignIn: true },
    });
    expect(input.password).toBe('Correct-Horse-9');
    expect(isSecretKey('ConfirmationCode')).toBe(true);
    expect(isSecretKey('codeDelivery')).toBe(false);
  });

  it('redacts both passwords of UPDATE_PASSWORD', () => {
    expect(redactSecrets({ type: 'UPDATE_PASSWORD', oldPassword: 'Old-Passw0rd', newPassword: 'New-Passw0rd' })).toEqual({
      type: 'UPDATE_PASSWORD',
      oldPassword: '[redacted]',
      newPassword: '[redacted]',
    });
  });

  it('redacts Secret values, JWTs inside any string, big integers and bytes; cuts cycles; keeps AuthError’s public part', () => {
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const error = new AuthError('NotAuthorizedException', `Invalid token ${JWT}`, { cause: { password: 'x' } });
    expect(
      redactSecrets({ kept: new Secret('s3cret'), note: `Bearer ${JWT}.`, big: 12n, bytes: new Uint8Array([1]), cyclic, error, fn: () => 1 }),
    ).toEqual({
      kept: '[redacted]',
      note: 'Bearer [redacted].',
      big: '[redacted]',
      bytes: '[redacted]',
      cyclic: { name: 'loop', self: '[circular]' },
      error: { name: 'NotAuthorizedException', message: 'Invalid token [redacted]', retryable: false },
    });
  });
});

describe('redactInspectionEvent', () => {
  it('gives actor refs whose snapshots are redacted when read, also later', async () => {
    const seen: InspectionEvent[] = [];
    const logic = fromPromise(async ({ input }: { input: { password: string } }) => ({ accessToken: `${input.password}-token` }));
    const actor = createActor(logic, { input: { password: 'pw-1' }, inspect: redactingInspector((e) => void seen.push(e)) });
    actor.start();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const announced = seen.find((e) => e.type === '@xstate.actor');
    // Read after the actor is done, as @statelyai/inspect reads it: the output is redacted.
    expect(announced?.actorRef.getSnapshot()).toMatchObject({ status: 'done', output: { accessToken: '[redacted]' } });
    const init = seen.find((e) => e.type === '@xstate.event' && e.event.type === 'xstate.init');
    expect(init?.type === '@xstate.event' && init.event.input).toEqual({ password: '[redacted]' });
    expect(JSON.stringify(seen.map((e) => ('event' in e ? e.event : null)))).not.toContain('pw-1');
    expect(actor.getSnapshot().output).toEqual({ accessToken: 'pw-1-token' });
  });

  it('keeps ids, parent and type, and redacts action parameters', () => {
    const ref = { sessionId: 'x:1', id: 'auth', send: () => undefined, getSnapshot: () => ({ context: { tokens: { idToken: 'i', accessToken: 'a' } } }) };
    const event = redactInspectionEvent({
      type: '@xstate.action',
      rootId: 'x:0',
      actorRef: ref,
      action: { type: 'applySignedIn', params: { step: { tokens: { idToken: 'i', accessToken: 'a' } } } },
    });
    expect(event).toMatchObject({ type: '@xstate.action', rootId: 'x:0', action: { type: 'applySignedIn', params: { step: { tokens: { idToken: '[redacted]' } } } } });
    expect(event.actorRef.sessionId).toBe('x:1');
    expect(event.actorRef.getSnapshot()).toEqual({ context: { tokens: { idToken: '[redacted]', accessToken: '[redacted]' } } });
  });
});
