import { createWebSocketInspector } from '@statelyai/inspect';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { serviceActors } from '../../machines/service-registry.js';
import { createActor, waitFor, type InspectionEvent, type Observer } from 'xstate';
import { authMachine, createAuthServices } from '../../advanced.js';
import { createAuth, memoryStorage } from '../../core.js';
import { redactedInspection, serialize } from '../../inspect.js';
import { createLocalUserPool, localTransport, type LocalUserPool } from '@cognito-auth-machine/local-pool';

/*
 * The Stately inspector's WebSocket path end to end: a receiver on 127.0.0.1 gets what
 * createWebSocketInspector sends while a user signs in. Through createAuth (and through the `serialize` helper
 * when an actor is wired by hand) no secret arrives, and the actor message still carries the chart's definition.
 */

const PASSWORD = 'Ws-Inspect-Passw0rd!';
let pool: LocalUserPool;
let server: WebSocketServer;
let url: string;
const received: string[] = [];

beforeAll(async () => {
  pool = await createLocalUserPool();
  await pool.admin.createUser('wendy', { suppress: true });
  await pool.admin.setPassword('wendy', PASSWORD, true);
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected address ${String(address)}`);
  url = `ws://127.0.0.1:${address.port}`;
  server.on('connection', (socket) => socket.on('message', (data: Buffer) => void received.push(data.toString('utf8'))));
});

afterAll(async () => {
  for (const client of server.clients) client.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Waits until the receiver has been quiet for a while: the inspector converts and sends on later ticks. */
async function settledMessages(): Promise<string[]> {
  let count = -1;
  while (count !== received.length) {
    count = received.length;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  return received.splice(0);
}

interface Message {
  type: string;
  name?: string;
  definition?: string;
  event?: { type: string; password?: unknown; output?: { tokens?: Record<string, unknown> } };
  snapshot?: { context?: { tokens?: Record<string, unknown> | null } };
}

async function signInWith(inspect: Observer<InspectionEvent>, byHand: boolean): Promise<{ messages: string[]; tokens: string[] }> {
  const transport = localTransport(pool);
  const config = { userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, transport, storage: memoryStorage() };
  const auth = byHand
    ? createActor(
        authMachine.provide({ actors: serviceActors(createAuthServices({ transport, storage: memoryStorage(), userPoolId: pool.userPoolId, clientId: pool.clientId })) }),
        { input: { authFlow: 'USER_SRP_AUTH' }, inspect },
      ).start()
    : createAuth(config, { inspect: redactedInspection(inspect) });
  await waitFor(auth, (s) => !s.hasTag('busy'));
  auth.send({ type: 'SIGN_IN', username: 'wendy', password: PASSWORD });
  const signedIn = await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });
  expect(signedIn.value).toEqual({ signedIn: 'idle' });
  const tokens = signedIn.context.tokens;
  const messages = await settledMessages();
  auth.stop();
  return { messages, tokens: tokens ? [tokens.idToken, tokens.accessToken, tokens.refreshToken ?? ''] : [] };
}

describe('createWebSocketInspector to a receiver on 127.0.0.1', () => {
  it('through createAuth: every message redacted, the definition in the actor message', async () => {
    const inspector = createWebSocketInspector({ url });
    const { messages, tokens } = await signInWith(inspector.inspect, false);
    inspector.stop();

    const all = messages.join('\n');
    expect(all).not.toContain(PASSWORD);
    for (const token of tokens) expect(all).not.toContain(token);

    const parsed = messages.map((m) => JSON.parse(m) as Message);
    const actor = parsed.find((m) => m.type === '@xstate.actor' && m.name === 'auth');
    const definition = JSON.parse(actor?.definition ?? '{}') as { id?: string; states?: Record<string, unknown> };
    expect(definition.id).toBe('auth');
    expect(Object.keys(definition.states ?? {})).toEqual(expect.arrayContaining(['signedOut', 'signingIn', 'challenge', 'signedIn']));

    const signIn = parsed.find((m) => m.type === '@xstate.event' && m.event?.type === 'SIGN_IN');
    expect(signIn?.event?.password).toBe('[redacted]');
    const done = parsed.find((m) => m.type === '@xstate.event' && m.event?.type === 'xstate.done.actor.signIn');
    expect(done?.event?.output?.tokens?.accessToken).toBe('[redacted]');
    const last = parsed.filter((m) => m.type === '@xstate.snapshot' && m.snapshot?.context?.tokens).pop();
    expect(last?.snapshot?.context?.tokens).toMatchObject({ idToken: '[redacted]', accessToken: '[redacted]', refreshToken: '[redacted]' });
  });

  it('wired by hand with `serialize` from cognito-auth-machine/inspect: redacted too', async () => {
    const inspector = createWebSocketInspector({ url, serialize });
    const { messages, tokens } = await signInWith(inspector.inspect, true);
    inspector.stop();
    const all = messages.join('\n');
    expect(messages.length).toBeGreaterThan(10);
    expect(all).not.toContain(PASSWORD);
    for (const token of tokens) expect(all).not.toContain(token);
  });

  it('wired by hand without it, the password and tokens do arrive (what the redaction prevents)', async () => {
    const inspector = createWebSocketInspector({ url });
    const { messages, tokens } = await signInWith(inspector.inspect, true);
    inspector.stop();
    const all = messages.join('\n');
    expect(all).toContain(PASSWORD);
    expect(all).toContain(tokens[1]);
  });
});
