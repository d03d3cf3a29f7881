const REDACTED = '[redacted]';

/**
 * A value that must stay in memory: the password held for auto sign-in, a TOTP secret. It reads back only
 * through `reveal()`; JSON (persisted snapshots, inspectors, logs of the context) and `String()` see
 * "[redacted]", and a structured clone drops the value, since private fields are not copied.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toJSON(): string {
    return REDACTED;
  }

  toString(): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return REDACTED;
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}
