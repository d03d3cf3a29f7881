/**
 * Drives amazon-cognito-identity-js's AuthenticationHelper (the SRP code its CognitoUser uses) with a chosen a,
 * as an outside oracle for our SRP client. Its fields are private; the shapes below are what its source uses.
 */
import { createRequire } from 'node:module';
import { createHmac } from 'node:crypto';

const require = createRequire(import.meta.url);

interface JsbnBigInteger {
  toString(radix: number): string;
}
type JsbnBigIntegerClass = new (value: string, radix: number) => JsbnBigInteger;
type NodeCallback<T> = (error: unknown, value: T) => void;
interface AuthenticationHelper {
  smallAValue: JsbnBigInteger;
  largeAValue: JsbnBigInteger | undefined;
  getLargeAValue(callback: NodeCallback<JsbnBigInteger>): void;
  getPasswordAuthenticationKey(
    username: string,
    password: string,
    serverBValue: JsbnBigInteger,
    salt: JsbnBigInteger,
    callback: NodeCallback<Buffer>,
  ): void;
}
type AuthenticationHelperClass = new (poolName: string) => AuthenticationHelper;

const { AuthenticationHelper: Helper } = require('amazon-cognito-identity-js') as { AuthenticationHelper: AuthenticationHelperClass };
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: JsbnBigIntegerClass }).default;

function call<T>(run: (callback: NodeCallback<T>) => void): Promise<T> {
  return new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
}

export interface OracleInput {
  poolName: string;
  userIdForSrp: string;
  password: string;
  a: bigint;
  salt: string;
  srpB: string;
  secretBlock: string;
  timestamp: string;
}

/** SRP_A, the 16-byte HKDF key and PASSWORD_CLAIM_SIGNATURE as identity-js computes them. */
export async function identityJsAnswer(input: OracleInput): Promise<{ srpA: string; key: string; signature: string }> {
  const helper = new Helper(input.poolName);
  helper.smallAValue = new BigInteger(input.a.toString(16), 16);
  helper.largeAValue = undefined;
  const A = await call<JsbnBigInteger>((cb) => helper.getLargeAValue(cb));
  const key = await call<Buffer>((cb) =>
    helper.getPasswordAuthenticationKey(
      input.userIdForSrp,
      input.password,
      new BigInteger(input.srpB, 16),
      new BigInteger(input.salt, 16),
      cb,
    ),
  );
  // CognitoUser.authenticateUserDefaultAuth: HMAC over pool name, user id, decoded secret block, timestamp.
  const signature = createHmac('sha256', key)
    .update(
      Buffer.concat([
        Buffer.from(input.poolName, 'utf8'),
        Buffer.from(input.userIdForSrp, 'utf8'),
        Buffer.from(input.secretBlock, 'base64'),
        Buffer.from(input.timestamp, 'utf8'),
      ]),
    )
    .digest('base64');
  return { srpA: A.toString(16), key: Buffer.from(key).toString('hex'), signature };
}
