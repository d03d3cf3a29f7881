import * as v from './schema.js';
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
  v.object({
    userPoolId: v.string().check(
      v.regex(/^[\w-]+_[0-9a-zA-Z]+$/, 'must look like us-east-1_AbCdEf123'),
      v.maxLength(55, 'must be at most 55 characters'),
    ),
    userPoolClientId: v.string().check(
      v.minLength(1, 'must not be empty'),
      v.maxLength(128, 'must be at most 128 characters'),
      v.regex(/^[\w+]+$/, 'must be letters, digits, _ or +'),
    ),
    region: v.optional(v.string().check(v.regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'must be an AWS region such as us-east-1'))),
    endpoint: v.optional(v.string().check(v.regex(/^https?:\/\/[^\s/]+/, 'must be an http(s) URL'))),
    clientSecret: v.optional(v.string().check(v.minLength(1, 'must not be empty'))),
    authFlow: v.optional(authFlowSchema()),
    // AuthSessionValidity is 3 to 15 minutes:
    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UserPoolClientType.html
    challengeSessionMs: v.optional(
      v.number().check(
        v.positive('must be positive'),
        v.refine((ms) => ms <= 15 * 60 * 1000, 'must be at most 15 minutes (AuthSessionValidity)'),
      ),
    ),
  }),
);

export type AuthConfigData = v.Infer<ReturnType<typeof authConfigSchema>>;

/** Throws a ValidationError naming each bad field; returns the config with its region resolved. */
export function parseAuthConfig(config: unknown): AuthConfigData & { region: string } {
  const parsed = authConfigSchema().safeParse(config);
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
