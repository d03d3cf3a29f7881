/**
 * Oversized request bodies get 413 RequestEntityTooLargeException, whatever their size and however they are sent
 * (Content-Length, chunked, Expect: 100-continue), never a reset connection; and the server keeps serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, rawRequest, type Harness } from './support.js';

const MiB = 1024 * 1024;
const TARGET = { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'AWSCognitoIdentityProviderService.SignUp' };
let h: Harness;

beforeAll(async () => {
  h = await harness();
});

afterAll(async () => {
  await h?.close();
});

async function stillServing(): Promise<void> {
  const answer = await h.call('GetUser', { AccessToken: 'not-a-token' });
  expect(answer.status).toBe(400);
  expect(answer.error).toBe('NotAuthorizedException');
}

function expectTooLarge(status: number, text: string): void {
  expect(status).toBe(413);
  expect(JSON.parse(text)).toMatchObject({ __type: 'RequestEntityTooLargeException' });
}

describe('request bodies over 1 MiB', () => {
  it('a 50 MB body with Content-Length (fetch) gets 413, not a reset', async () => {
    const response = await fetch(h.server.endpoint, { method: 'POST', headers: TARGET, body: Buffer.alloc(50 * MiB, 'a') });
    expectTooLarge(response.status, await response.text());
    expect(response.headers.get('x-amzn-errortype')).toBe('RequestEntityTooLargeException');
    await stillServing();
  });

  it('a chunked body without Content-Length (200 MB, streamed) gets 413', async () => {
    const chunk = Buffer.alloc(MiB, 'b');
    const answer = await rawRequest(h.server.endpoint, {
      method: 'POST',
      headers: TARGET,
      body: (function* () {
        for (let i = 0; i < 200; i++) yield chunk;
      })(),
    });
    expectTooLarge(answer.status, answer.text);
    await stillServing();
  });

  it('a streamed fetch body (duplex) gets 413', async () => {
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ >= 20) controller.close();
        else controller.enqueue(new Uint8Array(MiB));
      },
    });
    const response = await fetch(h.server.endpoint, { method: 'POST', headers: TARGET, body, duplex: 'half' } as RequestInit);
    expectTooLarge(response.status, await response.text());
    await stillServing();
  });

  it('Expect: 100-continue with a declared oversized body is refused before the body is sent', async () => {
    const answer = await rawRequest(h.server.endpoint, {
      method: 'POST',
      headers: { ...TARGET, expect: '100-continue', 'content-length': String(500 * MiB) },
    });
    expectTooLarge(answer.status, answer.text);
    await stillServing();
  });

  it('several oversized bodies at once, next to ordinary requests: each gets its own answer', async () => {
    const big = Buffer.alloc(8 * MiB, 'c');
    const answers = await Promise.all([
      ...Array.from({ length: 5 }, () => fetch(h.server.endpoint, { method: 'POST', headers: TARGET, body: big }).then((r) => r.status)),
      ...Array.from({ length: 20 }, () => h.call('GetUser', { AccessToken: 'x' }).then((a) => a.status)),
    ]);
    expect(answers.slice(0, 5)).toEqual([413, 413, 413, 413, 413]);
    expect(answers.slice(5).every((status) => status === 400)).toBe(true);
  });

  it('a body of exactly 1 MiB is read and answered as a request', async () => {
    const prefix = '{"ClientId":"x","Username":"x","Password":"';
    const suffix = '"}';
    const body = prefix + 'p'.repeat(MiB - prefix.length - suffix.length) + suffix;
    expect(Buffer.byteLength(body)).toBe(MiB);
    const response = await fetch(h.server.endpoint, { method: 'POST', headers: TARGET, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { __type: string }).__type).toBe('InvalidParameterException');
  });
});
