import { AuthError, type AuthErrorOptions } from '../machines/auth-error.js';

/**
 * An error as Amplify v5 threw it: `name` and `code` are both Cognito's exception name
 * (`CodeMismatchException`, `NotAuthorizedException`, …) and `message` is Cognito's message, so that
 * `if (err.code === 'UserNotConfirmedException')` keeps working. It is still an `AuthError`.
 */
export class AmplifyAuthError extends AuthError {
  readonly code: string;

  constructor(name: string, message: string, options: AuthErrorOptions = {}) {
    super(name, message, options);
    this.code = name;
  }

  static from(error: unknown): AmplifyAuthError {
    if (error instanceof AmplifyAuthError) return error;
    if (error instanceof AuthError) {
      return new AmplifyAuthError(error.name, error.message, {
        retryable: error.retryable,
        ...(error.fields ? { fields: error.fields } : {}),
        cause: error,
      });
    }
    const message = error instanceof Error ? error.message : String(error);
    return new AmplifyAuthError('UnknownError', message, { cause: error });
  }
}

/** Amplify v5's own argument errors: thrown before anything is sent, named `AuthError`, with v5's messages. */
export const ARGUMENT_ERRORS = {
  emptyUsername: 'Username cannot be empty',
  emptyPassword: 'Password cannot be empty',
  emptyCode: 'Confirmation code cannot be empty',
  emptyChallengeResponse: 'Challenge response cannot be empty',
  signUpError: 'Error creating account',
  noConfig: 'Authentication Error',
  autoSignInError: 'Please use your credentials to sign in',
  noMFA: 'No valid MFA method provided',
  invalidMFA: 'Invalid MFA type',
  deviceConfig: 'Device tracking has not been configured in this User Pool',
} as const;

export function argumentError(kind: keyof typeof ARGUMENT_ERRORS): AmplifyAuthError {
  return new AmplifyAuthError('AuthError', ARGUMENT_ERRORS[kind]);
}
