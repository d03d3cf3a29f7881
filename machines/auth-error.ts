/**
 * The one error type the library exposes. `name` is Cognito's exception name
 * (`NotAuthorizedException`, `CodeMismatchException`, …) or one of the library's own:
 * `ValidationError` (bad input, nothing was sent), `NetworkError` (the request did not get an answer),
 * `SessionExpiredError` (a challenge outlived Cognito's session), `UnsupportedFlowError`.
 */
export type AuthErrorName =
  | 'ValidationError'
  | 'NetworkError'
  | 'SessionExpiredError'
  | 'UnsupportedFlowError'
  | 'UnknownError'
  | (string & {});

export interface AuthErrorField {
  /** Dotted path of the offending field in the event or config, e.g. `attributes.phone_number`. */
  path: string;
  message: string;
}

export interface AuthErrorOptions {
  retryable?: boolean;
  fields?: AuthErrorField[];
  cause?: unknown;
}

export class AuthError extends Error {
  override readonly name: AuthErrorName;
  /** True when the same call may succeed if tried again unchanged (network, throttling, 5xx). */
  readonly retryable: boolean;
  readonly fields?: AuthErrorField[];

  constructor(name: AuthErrorName, message: string, options: AuthErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.retryable = options.retryable ?? false;
    if (options.fields) this.fields = options.fields;
  }

  /** Snapshots and inspectors serialise context as JSON; keep the useful parts, never `cause`. */
  toJSON(): { name: string; message: string; retryable: boolean; fields?: AuthErrorField[] } {
    return {
      name: this.name,
      message: this.message,
      retryable: this.retryable,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
