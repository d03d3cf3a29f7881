import type { CognitoOperation, InputOf, OutputOf } from '../../services/cognito-api.js';
import type { Transport } from '../../services/transport.js';

/*
 * A transport that fails one call, the n-th (1-based) the machine makes, in one of the ways a real network or
 * Cognito fails. The fault takes the place of the call: the request never reaches the pool, so that trying the
 * same step again is meaningful. Errors are raw, as an SDK, fetch or Node would raise them, so that the
 * services' own error mapping is part of what is tested.
 */

export const FAULT_KINDS = ['network', 'timeout', 'throttled', 'internal', 'malformed'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** What the machine must show as `context.error.name` after each kind of fault. */
export const FAULT_ERROR_NAMES: Record<FaultKind, string> = {
  network: 'NetworkError',
  timeout: 'NetworkError',
  throttled: 'TooManyRequestsException',
  internal: 'InternalErrorException',
  malformed: 'InvalidResponseError',
};

const TIMEOUT_MS = 5;

async function fault(kind: FaultKind, signal: AbortSignal | undefined): Promise<unknown> {
  switch (kind) {
    case 'network':
      // What Node's HTTP stack raises when the connection is refused.
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9229'), { code: 'ECONNREFUSED', syscall: 'connect' });
    case 'timeout': {
      // No answer comes; the request's own deadline (an AbortSignal) ends it, as an SDK request timeout does.
      const deadline = AbortSignal.timeout(TIMEOUT_MS);
      const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
      await new Promise<void>((resolve) => combined.addEventListener('abort', () => resolve(), { once: true }));
      throw combined.reason;
    }
    case 'throttled':
      throw Object.assign(new Error('Rate exceeded'), {
        name: 'TooManyRequestsException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    case 'internal':
      throw Object.assign(new Error('Internal server error'), {
        name: 'InternalErrorException',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
      });
    case 'malformed':
      // A proxy's error page where Cognito's JSON was expected.
      return '<html><body>502 Bad Gateway</body></html>';
  }
}

export interface FaultyTransport extends Transport {
  /** Calls made so far, faulted one included. */
  readonly calls: number;
  /** The operation that was faulted, once it has been. */
  readonly faulted: CognitoOperation | undefined;
}

export function faultyTransport(inner: Transport, failAt: number, kind: FaultKind): FaultyTransport {
  let calls = 0;
  let faulted: CognitoOperation | undefined;
  return {
    get calls() {
      return calls;
    },
    get faulted() {
      return faulted;
    },
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      calls += 1;
      if (calls !== failAt) return inner.send(op, input, signal);
      faulted = op;
      return (await fault(kind, signal)) as OutputOf<Op>;
    },
  };
}

/** A fault a model step asks for: one of FAULT_KINDS, or no answer at all until the machine gives up on the call. */
export type StepFault = FaultKind | 'noAnswer';

export interface SwitchableTransport extends Transport {
  /** The next call of `op` fails in that way instead of reaching the pool; later calls go through. */
  failNext(op: CognitoOperation, fault: StepFault): void;
}

/** A transport whose calls go through until a model step asks for the next call of an operation to fail. */
export function switchableFaults(inner: Transport): SwitchableTransport {
  const pending = new Map<CognitoOperation, StepFault>();
  return {
    failNext(op, kind) {
      pending.set(op, kind);
    },
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>, signal?: AbortSignal): Promise<OutputOf<Op>> {
      const kind = pending.get(op);
      if (kind === undefined) return inner.send(op, input, signal);
      pending.delete(op);
      if (kind !== 'noAnswer') return (await fault(kind, signal)) as OutputOf<Op>;
      // Cognito never answers: the call ends only when the machine stops waiting for it.
      await new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
      throw signal?.reason ?? new Error('aborted');
    },
  };
}
