/**
 * An error answered the way Cognito answers it: `name` is the exception name that goes into `__type` and
 * `x-amzn-ErrorType`; every modelled exception is HTTP 400 except InternalErrorException (500).
 */
export class LocalCognitoError extends Error {
  override readonly name: string;
  readonly statusCode: number;
  /** The AWS SDK's marker for who is at fault; error mapping reads it as "Cognito answered". */
  readonly $fault: 'client' | 'server';

  constructor(name: string, message: string, statusCode?: number) {
    super(message);
    this.name = name;
    this.statusCode = statusCode ?? (name === 'InternalErrorException' ? 500 : 400);
    this.$fault = this.statusCode >= 500 ? 'server' : 'client';
  }
}

export function fail(name: string, message: string): never {
  throw new LocalCognitoError(name, message);
}
