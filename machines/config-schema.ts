import * as z from 'zod/mini';
import { AuthError } from './auth-error.js';
import { fieldsOf } from './auth-events.js';
import { authFlowSchema } from './auth-flow.js';
import { builtOnFirstUse } from './built-on-first-use.js';

/**
 * The data part of createAuth's config, checked before anything is created (the schema is built on the first check).
 * Formats as Cognito's API reference gives them: `UserPoolId` in https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_DescribeUserPool.html, `ClientId` in
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_InitiateAuth.html.
 */
export const authConfigSchema = /* @__PURE__ */ builtOnFirstUse(() =>
  z.object({
    userPoolId: z.string().check(
      z.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbCdEf123'),
      z.maxLength(55, 'must be at most 55 characters'),
    ),
    userPoolClientId: z.string().check(
      z.minLength(1, 'must not be empty'),
      z.maxLength(128, 'must be at most 128 characters'),
      z.regex(/^[\w+]+$/, 'must be letters, digits, _ or +'),
    ),
    region: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1'))),
    endpoint: z.optional(z.string().check(z.regex(/^https?:\/\/[^\s/]+/, 'must be an http(s) URL'))),
    clientSecret: z.optional(z.string().check(z.minLength(1, 'must not be empty'))),
    authFlow: z.optional(authFlowSchema()),
    // AuthSessionValidity is 3 to 15 minutes:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
    challengeSessionMs: z.optional(
      z.number().check(
        z.positive('must be positive'),
        z.refine((ms) => ms <= 15 * 60 * 1000, 'must be at most 15 minutes (AuthSessionValidity)'),
      ),
    ),
  }),
);

export type AuthConfigData = z.infer<ReturnType<typeof authConfigSchema>>;

/** Throws a ValidationError naming each bad field; returns the config with its region resolved. */
export function parseAuthConfig(config: unknown): AuthConfigData & { region: string } {
  const parsed = authConfigSchema().safeParse(config, { reportInput: true });
  if (!parsed.success) {
    const fields = fieldsOf(parsed.error.issues, '(config)');
    throw new AuthError('ValidationError', `Invalid auth config: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`, {
      fields,
    });
  }
  const data = parsed.data;
  // The pool id starts with its region: us-east-1_AbCdEf123.
  return { ...data, region: data.region ?? data.userPoolId.slice(0, data.userPoolId.indexOf('_')) };
}
