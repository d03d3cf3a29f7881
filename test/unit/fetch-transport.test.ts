import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchTransport } from '../../adapters/fetch-transport.js';
import { backoffDelay, isSafeToRetry } from '../../adapters/retry-policy.js';
import { AuthError } from '../../machines/auth-error.js';

interface Call {
  url: string;
  init: RequestInit;
}

type Reply = Response | Error | ((init: RequestInit) => Promise<Response>);

/** A fetch that answers from a script and records what it was asked. */
function fakeFetch(...replies: Reply[]) {
  const calls: Call[] = [];
  const fn = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    calls.push({ url: String(input), init: init ?? {} });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error('no reply scripted');
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(init ?? {});
    return reply.clone();
  };
  return { fetch: fn as typeof fetch, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/x-amz-json-1.1', ...headers } });

const fetchFailed = () => new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });

const noDelay = { baseDelayMs: 0, maxDelayMs: 0 };

async function rejection(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('fetchTransport requests', () => {
  it('POSTs the input as JSON 1.1 to the regional endpoint, naming the operation in X-Amz-Target', async () => {
    const { fetch, calls } = fakeFetch(json(200, { UserConfirmed: false, UserSub: 'abc' }));
    const transport = fetchTransport({ region: 'eu-west-1', fetch });
    const input = { ClientId: 'client', Username: 'sam', Password: 'pw' };
    const output = await transport.send('SignUp', input);

    expect(output).toEqual({ UserConfirmed: false, UserSub: 'abc' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://cognito-idp.eu-west-1.amazonaws.com/');
    expect(calls[0]!.init.method).toBe('POST');
    expect(new Headers(calls[0]!.init.headers).get('content-type')).toBe('application/x-amz-json-1.1');
    expect(new Headers(calls[0]!.init.headers).get('x-amz-target')).toBe('AWSCognitoIdentityProviderService.SignUp');
    expect(new Headers(calls[0]!.init.headers).get('cache-control')).toBe('no-store');
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual(input);
  });

  it('uses an endpoint as given', async () => {
    const { fetch, calls } = fakeFetch(json(200, {}));
    await fetchTransport({ endpoint: 'http://127.0.0.1:9229/', fetch }).send('GlobalSignOut', { AccessToken: 't' });
    expect(calls[0]!.url).toBe('http://127.0.0.1:9229/');
  });

  it('reads an empty success body as {}', async () => {
    const { fetch } = fakeFetch(new Response('', { status: 200 }));
    await expect(fetchTransport({ region: 'us-east-1', fetch }).send('RevokeToken', { Token: 't', ClientId: 'c' })).resolves.toEqual({});
  });

  it('rejects a success body that is not a JSON object', async () => {
    const { fetch } = fakeFetch(new Response('<html>', { status: 200 }));
    const error = await rejection(fetchTransport({ region: 'us-east-1', fetch }).send('GetUser', { AccessToken: 't' }));
    expect(error.name).toBe('UnknownError');
  });

  it('refuses a missing or malformed region', () => {
    expect(() => fetchTransport({ region: '' })).toThrow(AuthError);
    expect(() => fetchTransport({ region: 'not a region' })).toThrow(/region/);
  });
});

describe('fetchTransport errors', () => {
  const transport = (reply: Reply) => fetchTransport({ region: 'us-east-1', fetch: fakeFetch(reply).fetch });

  it('takes the name from x-amzn-ErrorType first, normalising namespace and suffix', async () => {
    const error = await rejection(
      transport(
        json(400, { __type: 'SomethingElse', message: 'Incorrect username or password.' }, {
          'x-amzn-ErrorType': 'NotAuthorizedException:http://internal.amazon.com/coral/com.amazonaws.cognitoidentityprovider/',
        }),
      ).send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c' }),
    );
    expect(error.name).toBe('NotAuthorizedException');
    expect(error.message).toBe('Incorrect username or password.');
    expect(error.retryable).toBe(false);
  });

  it('falls back to the body __type with a namespace', async () => {
    const error = await rejection(
      transport(json(400, { __type: 'com.amazonaws.cognitoidentityprovider#CodeMismatchException', message: 'Invalid code' })).send(
        'ConfirmSignUp',
        { ClientId: 'c', Username: 'u', ConfirmationCode: '1' },
      ),
    );
    expect(error.name).toBe('CodeMismatchException');
    expect(error.message).toBe('Invalid code');
  });

  it('falls back to the body code and reads Message', async () => {
    const error = await rejection(
      transport(json(400, { code: 'UsernameExistsException', Message: 'User already exists' })).send('SignUp', {
        ClientId: 'c',
        Username: 'u',
      }),
    );
    expect(error.name).toBe('UsernameExistsException');
    expect(error.message).toBe('User already exists');
  });

  it('names an unreadable error answer UnknownError, and marks 5xx retryable', async () => {
    const error = await rejection(transport(new Response('Bad gateway', { status: 502 })).send('SignUp', { ClientId: 'c', Username: 'u' }));
    expect(error.name).toBe('UnknownError');
    expect(error.message).toBe('Cognito answered HTTP 502');
    expect(error.retryable).toBe(true);
  });

  it('maps a request without an answer to a retryable NetworkError', async () => {
    const error = await rejection(transport(fetchFailed()).send('SignUp', { ClientId: 'c', Username: 'u' }));
    expect(error.name).toBe('NetworkError');
    expect(error.retryable).toBe(true);
  });
});

describe('fetchTransport timeout and abort', () => {
  /** A server that never answers until the request is aborted. */
  const hang = (init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
    });

  it('gives up after timeoutMs with a NetworkError', async () => {
    const { fetch, calls } = fakeFetch(hang);
    const transport = fetchTransport({ region: 'us-east-1', fetch, timeoutMs: 20, retries: { maxAttempts: 1 } });
    const started = Date.now();
    const error = await rejection(transport.send('GetUser', { AccessToken: 't' }));
    expect(error.name).toBe('NetworkError');
    expect(error.message).toMatch(/within 20 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(calls).toHaveLength(1);
  });

  it('times out each attempt and retries a safe operation', async () => {
    const { fetch, calls } = fakeFetch(hang, json(200, { Username: 'sam', UserAttributes: [] }));
    const transport = fetchTransport({ region: 'us-east-1', fetch, timeoutMs: 20, retries: noDelay });
    await expect(transport.send('GetUser', { AccessToken: 't' })).resolves.toEqual({ Username: 'sam', UserAttributes: [] });
    expect(calls).toHaveLength(2);
  });

  it('stops at once when the caller aborts, and never retries', async () => {
    const { fetch, calls } = fakeFetch(hang);
    const transport = fetchTransport({ region: 'us-east-1', fetch, timeoutMs: 10_000, retries: noDelay });
    const controller = new AbortController();
    const pending = transport.send('GetUser', { AccessToken: 't' }, controller.signal);
    setTimeout(() => controller.abort(), 5);
    const error = await rejection(pending);
    expect(error.name).toBe('NetworkError');
    expect(calls).toHaveLength(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const { fetch, calls } = fakeFetch(json(200, {}));
    const controller = new AbortController();
    controller.abort();
    await rejection(fetchTransport({ region: 'us-east-1', fetch }).send('GetUser', { AccessToken: 't' }, controller.signal));
    expect(calls).toHaveLength(0);
  });

  it('an abort during the backoff wait ends the call without another attempt', async () => {
    const { fetch, calls } = fakeFetch(json(500, { __type: 'InternalErrorException', message: 'boom' }));
    const transport = fetchTransport({ region: 'us-east-1', fetch, retries: { baseDelayMs: 60_000, maxDelayMs: 60_000 } });
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const controller = new AbortController();
    const pending = transport.send('GetUser', { AccessToken: 't' }, controller.signal);
    setTimeout(() => controller.abort(), 20);
    const error = await rejection(pending);
    expect(error.name).toBe('InternalErrorException');
    expect(calls).toHaveLength(1);
  });
});

describe('fetchTransport retries', () => {
  const throttled = () => json(400, { __type: 'TooManyRequestsException', message: 'Too many requests' });

  it('retries throttling, 5xx and network failures of a safe operation, then succeeds', async () => {
    const { fetch, calls } = fakeFetch(
      throttled(),
      json(500, { __type: 'InternalErrorException', message: 'x' }),
      fetchFailed(),
      json(200, { AuthenticationResult: { AccessToken: 'a' } }),
    );
    const transport = fetchTransport({ region: 'us-east-1', fetch, retries: { maxAttempts: 4, ...noDelay } });
    const output = await transport.send('GetTokensFromRefreshToken', { RefreshToken: 'r', ClientId: 'c' });
    expect(output.AuthenticationResult?.AccessToken).toBe('a');
    expect(calls).toHaveLength(4);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const { fetch, calls } = fakeFetch(throttled());
    const error = await rejection(
      fetchTransport({ region: 'us-east-1', fetch, retries: { maxAttempts: 3, ...noDelay } }).send('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: 'c',
      }),
    );
    expect(error.name).toBe('TooManyRequestsException');
    expect(error.retryable).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it('does not retry errors that are not retryable', async () => {
    const { fetch, calls } = fakeFetch(json(400, { __type: 'NotAuthorizedException', message: 'Access Token has been revoked' }));
    await rejection(fetchTransport({ region: 'us-east-1', fetch, retries: noDelay }).send('GetUser', { AccessToken: 't' }));
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['SignUp', { ClientId: 'c', Username: 'u', Password: 'p' }],
    ['ConfirmSignUp', { ClientId: 'c', Username: 'u', ConfirmationCode: '123456' }],
    ['ResendConfirmationCode', { ClientId: 'c', Username: 'u' }],
    ['ForgotPassword', { ClientId: 'c', Username: 'u' }],
    ['ConfirmForgotPassword', { ClientId: 'c', Username: 'u', ConfirmationCode: '1', Password: 'p' }],
    ['RespondToAuthChallenge', { ClientId: 'c', ChallengeName: 'SMS_MFA', Session: 's' }],
    ['VerifySoftwareToken', { Session: 's', UserCode: '123456' }],
    ['AssociateSoftwareToken', { Session: 's' }],
    ['InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'c' }],
    ['InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: 'c' }],
  ] as const)('never retries %s (%j)', async (op, input) => {
    const { fetch, calls } = fakeFetch(throttled(), json(200, {}));
    const error = await rejection(fetchTransport({ region: 'us-east-1', fetch, retries: noDelay }).send(op, input as never));
    expect(error.name).toBe('TooManyRequestsException');
    expect(calls).toHaveLength(1);
  });

  it.each([
    ['GetUser', { AccessToken: 't' }],
    ['GetTokensFromRefreshToken', { RefreshToken: 'r', ClientId: 'c' }],
    ['RevokeToken', { Token: 't', ClientId: 'c' }],
    ['GlobalSignOut', { AccessToken: 't' }],
    ['SetUserMFAPreference', { AccessToken: 't' }],
    ['InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' }],
    ['InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: 'c' }],
  ] as const)('retries %s (%j)', async (op, input) => {
    const { fetch, calls } = fakeFetch(throttled(), json(200, {}));
    await expect(fetchTransport({ region: 'us-east-1', fetch, retries: noDelay }).send(op, input as never)).resolves.toEqual({});
    expect(calls).toHaveLength(2);
  });

  it('waits with exponential backoff and full jitter between attempts', async () => {
    vi.useFakeTimers();
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { fetch, calls } = fakeFetch(throttled(), throttled(), throttled(), json(200, {}));
    const transport = fetchTransport({ region: 'us-east-1', fetch, retries: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 300 } });
    const pending = transport.send('GetUser', { AccessToken: 't' });

    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    // 1st wait: 0.5 × 100 = 50 ms
    await vi.advanceTimersByTimeAsync(49);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    // 2nd wait: 0.5 × 200 = 100 ms
    await vi.advanceTimersByTimeAsync(99);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    // 3rd wait: 0.5 × min(300, 400) = 150 ms
    await vi.advanceTimersByTimeAsync(149);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(4);
    await expect(pending).resolves.toEqual({});
  });
});

describe('retry policy', () => {
  it('draws each wait uniformly below the exponential cap', () => {
    const options = { baseDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(1, options, () => 0)).toBe(0);
    expect(backoffDelay(1, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(399);
    expect(backoffDelay(10, options, () => 0.999)).toBe(999);
  });

  it('treats InitiateAuth by its flow', () => {
    expect(isSafeToRetry('InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: 'c' })).toBe(true);
    expect(isSafeToRetry('InitiateAuth', { AuthFlow: 'USER_AUTH', ClientId: 'c' })).toBe(false);
  });
});
