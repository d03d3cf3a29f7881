import { waitFor } from 'xstate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAuth } from '../../index.js';
import { fetchTransport } from '../../adapters/fetch-transport.js';
import { memoryStorage } from '../../adapters/memory-storage.js';
import { sdkTransport } from '../../adapters/sdk-transport.js';
import { AuthError } from '../../machines/auth-error.js';
import type { AuthActor } from '../../runtime/auth-actor.js';
import type { Transport } from '../../services/transport.js';
import { startSilentServer, type SilentServer } from '../support/silent-server.js';

/*
 * A server that accepts every connection, reads what is sent, and never answers: the request neither fails nor
 * succeeds on its own. Each transport must give up within its time limit, and the machine must then leave its
 * busy state with an error the app can act on.
 */

// Long enough for a busy machine to have sent the request before the limit ends it, short enough to keep the test quick.
const TIMEOUT_MS = 1_000;

let server: SilentServer;
let endpoint: string;
const bytesReceived = () => server.bytesReceived();
const actors: AuthActor[] = [];

beforeAll(async () => {
  server = await startSilentServer();
  endpoint = server.endpoint;
});

afterEach(() => {
  for (const actor of actors.splice(0)) actor.stop();
});

afterAll(() => server.close());

const transports: [string, () => Transport][] = [
  ['fetchTransport', () => fetchTransport({ endpoint, timeoutMs: TIMEOUT_MS })],
  ['sdkTransport', () => sdkTransport({ endpoint, timeoutMs: TIMEOUT_MS })],
];

describe.each(transports)('%s against a server that never answers', (_name, makeTransport) => {
  it('gives up on a call with a retryable NetworkError', async () => {
    const before = bytesReceived();
    const outcome = await makeTransport()
      .send('GetUser', { AccessToken: 'token' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(outcome).toBeInstanceOf(AuthError);
    expect((outcome as AuthError).name).toBe('NetworkError');
    expect((outcome as AuthError).retryable).toBe(true);
    // The request did reach the server: the time limit, not a refused connection, ended it.
    expect(bytesReceived()).toBeGreaterThan(before);
  });

  it.each(['USER_SRP_AUTH', 'USER_PASSWORD_AUTH'] as const)('ends a %s sign-in out of busy, with the error in context', async (authFlow) => {
    const storage = memoryStorage();
    const auth = createAuth(
      { userPoolId: 'us-east-1_Hanging1', userPoolClientId: 'hangingclient123456789012', transport: makeTransport(), storage },
    );
    actors.push(auth);
    const before = bytesReceived();
    auth.send({ type: 'SIGN_IN', username: 'alice', password: 'Passw0rd!', authFlow });
    expect(auth.getSnapshot().hasTag('busy')).toBe(true);
    const settled = await waitFor(auth, (snapshot) => !snapshot.hasTag('busy'), { timeout: 10_000 });
    expect(settled.value).toBe('signedOut');
    expect(settled.context.error?.name).toBe('NetworkError');
    expect(settled.context.error?.retryable).toBe(true);
    expect(bytesReceived()).toBeGreaterThan(before);
    expect(storage.snapshot()).toEqual({});
  });
});

describe('transport time limits', () => {
  it.each([0, -1, Number.NaN, 2 ** 31, Number.POSITIVE_INFINITY])('refuses timeoutMs %s before any request', (timeoutMs) => {
    const before = bytesReceived();
    expect(() => fetchTransport({ endpoint, timeoutMs })).toThrow(expect.objectContaining({ name: 'ValidationError' }));
    expect(() => sdkTransport({ endpoint, timeoutMs })).toThrow(expect.objectContaining({ name: 'ValidationError' }));
    expect(bytesReceived()).toBe(before);
  });
});
