import { AuthError } from '../../machines/auth-error.js';
import type { CognitoOperation, InputOf, OutputOf } from '../../services/cognito-api.js';
import type { Transport } from '../../services/transport.js';

export interface RecordedCall {
  op: CognitoOperation;
  input: unknown;
}

type Reply = unknown | Error | ((input: unknown) => unknown);

/**
 * A Transport for unit tests: answers each operation from a queue of scripted replies (values, errors, or
 * functions of the input) and records every call, so tests can assert the exact Cognito requests.
 */
export function scriptedTransport(script: Partial<Record<CognitoOperation, Reply[]>> = {}) {
  const calls: RecordedCall[] = [];
  const queues = new Map<CognitoOperation, Reply[]>(
    Object.entries(script).map(([op, replies]) => [op as CognitoOperation, [...(replies ?? [])]]),
  );
  const transport: Transport & {
    calls: RecordedCall[];
    reply(op: CognitoOperation, ...replies: Reply[]): void;
    callsOf(op: CognitoOperation): unknown[];
  } = {
    calls,
    reply(op, ...replies) {
      queues.set(op, [...(queues.get(op) ?? []), ...replies]);
    },
    callsOf(op) {
      return calls.filter((c) => c.op === op).map((c) => c.input);
    },
    async send<Op extends CognitoOperation>(op: Op, input: InputOf<Op>): Promise<OutputOf<Op>> {
      calls.push({ op, input: structuredClone(input) });
      const next = queues.get(op)?.shift();
      if (next === undefined) throw new Error(`scriptedTransport: no reply scripted for ${op}`);
      const value = typeof next === 'function' ? (next as (input: unknown) => unknown)(input) : next;
      if (value instanceof Error) throw value;
      return (await value) as OutputOf<Op>;
    },
  };
  return transport;
}

export function cognitoError(name: string, message = name, retryable = false): AuthError {
  return new AuthError(name, message, { retryable });
}
