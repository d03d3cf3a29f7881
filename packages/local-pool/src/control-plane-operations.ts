import { checkOAuthClientSettings, describeOAuthSettings } from './oauth-client.js';
import { describedSchemaAttribute } from './described-schema.js';
import { fail } from './local-cognito-error.js';
import { passwordPolicyOf } from './password-policy.js';
import { applyPasswordlessMfaConfig, checkSignInPolicy, passwordlessMfaConfigOutput, signInPolicyOutput } from './passwordless-settings.js';
import type { ClientRecord, MfaConfiguration, PoolRecord, SchemaAttribute, TimeUnit } from './pool-records.js';
import { poolOf, randomString, type ServiceState } from './service-state.js';
import { numberConstraintsOf, stringConstraintsOf } from './schema-constraints.js';
import { TRIGGER_NAMES } from './triggers.js';
import { STANDARD_ATTRIBUTES } from './user-directory.js';

type Input = Record<string, unknown>;

function record(value: unknown): Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A standard String attribute's length limits as DescribeUserPool shows them on Cognito: `sub` is never empty and
 * `birthdate` is exactly 10 characters (`YYYY-MM-DD`); the rest are 0 to 2048.
 */
function standardLengthOf(name: string): { MinLength: string; MaxLength: string } {
  if (name === 'sub') return { MinLength: '1', MaxLength: '2048' };
  if (name === 'birthdate') return { MinLength: '10', MaxLength: '10' };
  return { MinLength: '0', MaxLength: '2048' };
}

function standardSchema(): SchemaAttribute[] {
  return STANDARD_ATTRIBUTES.map((Name) => ({
    Name,
    AttributeDataType:
      Name === 'email_verified' || Name === 'phone_number_verified' ? 'Boolean' : Name === 'updated_at' ? 'Number' : 'String',
    DeveloperOnlyAttribute: false,
    Mutable: Name !== 'sub',
    Required: Name === 'sub',
    ...(Name === 'updated_at'
      ? { NumberAttributeConstraints: { MinValue: '0' } }
      : Name === 'email_verified' || Name === 'phone_number_verified'
        ? {}
        : { StringAttributeConstraints: standardLengthOf(Name) }),
  }));
}

/** A pool holds at most 50 custom attributes (https://docs.aws.amazon.com/cognito/latest/developerguide/limits.html). */
export const MAX_CUSTOM_ATTRIBUTES = 50;

/** One custom attribute as the schema keeps it: named `custom:<name>`, never required, String unless typed. */
export function customAttributeOf(entry: Input): SchemaAttribute {
  const name = typeof entry.Name === 'string' ? entry.Name : '';
  if (!name) fail('InvalidParameterException', 'Schema attributes need a Name.');
  const bare = name.replace(/^custom:/, '');
  if (bare.length < 1 || bare.length > 20) fail('InvalidParameterException', `Custom attribute name ${bare} must be 1-20 characters.`);
  if (entry.Required === true) fail('InvalidParameterException', 'Required custom attributes are not supported currently.');
  const type = entry.AttributeDataType === 'Number' || entry.AttributeDataType === 'DateTime' || entry.AttributeDataType === 'Boolean'
    ? entry.AttributeDataType
    : 'String';
  const attribute: SchemaAttribute = {
    Name: `custom:${bare}`,
    AttributeDataType: type,
    DeveloperOnlyAttribute: entry.DeveloperOnlyAttribute === true,
    Mutable: entry.Mutable !== false,
    Required: false,
  };
  if (type === 'String') {
    attribute.StringAttributeConstraints = stringConstraintsOf(entry.StringAttributeConstraints, attribute.Name, { MinLength: '0', MaxLength: '2048' });
  }
  if (type === 'Number') attribute.NumberAttributeConstraints = numberConstraintsOf(entry.NumberAttributeConstraints, attribute.Name);
  return attribute;
}

/**
 * A standard attribute keeps its data type and is never developer-only; a pool may make it required or immutable and
 * narrow its limits within the standard ones
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/user-pool-settings-attributes.html#cognito-user-pools-standard-attributes).
 */
function adjustStandardAttribute(standard: SchemaAttribute, entry: Input): void {
  const retyped = entry.AttributeDataType !== undefined && entry.AttributeDataType !== standard.AttributeDataType;
  if (retyped || entry.DeveloperOnlyAttribute === true) {
    fail('InvalidParameterException', `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${standard.Name}`);
  }
  if (typeof entry.Required === 'boolean') standard.Required = entry.Required;
  if (typeof entry.Mutable === 'boolean') standard.Mutable = entry.Mutable;
  if (standard.StringAttributeConstraints && entry.StringAttributeConstraints !== undefined) {
    const { MinLength = '0', MaxLength = '2048' } = standard.StringAttributeConstraints;
    const narrowed = stringConstraintsOf(entry.StringAttributeConstraints, standard.Name, { MinLength, MaxLength });
    if (Number(narrowed.MinLength) < Number(MinLength) || Number(narrowed.MaxLength) > Number(MaxLength)) {
      fail('InvalidParameterException', `user.${standard.Name}: String length must stay within ${MinLength} and ${MaxLength}.`);
    }
    standard.StringAttributeConstraints = narrowed;
  }
  if (standard.NumberAttributeConstraints && entry.NumberAttributeConstraints !== undefined) {
    const { MinValue } = standard.NumberAttributeConstraints;
    const narrowed = numberConstraintsOf(entry.NumberAttributeConstraints, standard.Name, standard.NumberAttributeConstraints);
    if (MinValue !== undefined && Number(narrowed.MinValue) < Number(MinValue)) {
      fail('InvalidParameterException', `user.${standard.Name}: Value must not be less than ${MinValue}.`);
    }
    standard.NumberAttributeConstraints = narrowed;
  }
}

function schemaOf(input: unknown[]): SchemaAttribute[] {
  const schema = standardSchema();
  let customCount = 0;
  for (const raw of input) {
    const entry = record(raw);
    const name = typeof entry.Name === 'string' ? entry.Name : '';
    if (!name) fail('InvalidParameterException', 'Schema attributes need a Name.');
    const standard = schema.find((a) => a.Name === name);
    if (standard) {
      adjustStandardAttribute(standard, entry);
      continue;
    }
    if (++customCount > MAX_CUSTOM_ATTRIBUTES) fail('LimitExceededException', 'A user pool can have at most 50 custom attributes.');
    const attribute = customAttributeOf(entry);
    schema.push(attribute);
  }
  return schema;
}

function mfaConfigurationOf(value: unknown): MfaConfiguration {
  if (value === undefined) return 'OFF';
  if (value === 'OFF' || value === 'ON' || value === 'OPTIONAL') return value;
  fail('InvalidParameterException', `Invalid MfaConfiguration: ${String(value)}`);
}

/** What CreateUserPool and UpdateUserPool both set on a pool, from the members of the request. */
export type PoolSettings = Pick<
  PoolRecord,
  'autoVerifiedAttributes' | 'passwordPolicy' | 'mfaConfiguration' | 'smsMfa' | 'lambdaConfig' | 'allowAdminCreateUserOnly'
>;

/** `softwareTokenMfa`: whether SetUserPoolMfaConfig has TOTP on, which lets MFA be ON without SMS. */
export function poolSettingsOf(input: Input, softwareTokenMfa: boolean): PoolSettings {
  checkSignInPolicy(input);
  const mfaConfiguration = mfaConfigurationOf(input.MfaConfiguration);
  const smsConfiguration = record(input.SmsConfiguration);
  const hasSms = Object.keys(smsConfiguration).length > 0;
  if (mfaConfiguration !== 'OFF' && !hasSms && !softwareTokenMfa) {
    fail('InvalidParameterException', 'SMS configuration is required when MFA is ON or OPTIONAL; set other factors with SetUserPoolMfaConfig.');
  }
  const lambdaConfig: Record<string, string> = {};
  for (const [name, arn] of Object.entries(record(input.LambdaConfig))) {
    if (typeof arn === 'string' && (TRIGGER_NAMES as readonly string[]).includes(name)) lambdaConfig[name] = arn;
  }
  // PreTokenGenerationConfig names the function with its event version (see pre-token-generation.ts).
  const preTokenArn = record(record(input.LambdaConfig).PreTokenGenerationConfig).LambdaArn;
  if (typeof preTokenArn === 'string') lambdaConfig.PreTokenGeneration = preTokenArn;
  return {
    autoVerifiedAttributes: strings(input.AutoVerifiedAttributes),
    passwordPolicy: passwordPolicyOf(record(record(input.Policies).PasswordPolicy)),
    mfaConfiguration,
    smsMfa: mfaConfiguration !== 'OFF' && hasSms,
    lambdaConfig,
    allowAdminCreateUserOnly: record(input.AdminCreateUserConfig).AllowAdminCreateUserOnly === true,
  };
}

export function createUserPool(state: ServiceState, input: Input): { UserPool: Input } {
  const usernameAttributes = strings(input.UsernameAttributes);
  const aliasAttributes = strings(input.AliasAttributes);
  if (usernameAttributes.length > 0 && aliasAttributes.length > 0) {
    fail('InvalidParameterException', 'Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.');
  }
  for (const a of usernameAttributes) {
    if (a !== 'email' && a !== 'phone_number') fail('InvalidParameterException', `Invalid UsernameAttributes value: ${a}`);
  }
  for (const a of aliasAttributes) {
    if (a !== 'email' && a !== 'phone_number' && a !== 'preferred_username') {
      fail('InvalidParameterException', `Invalid AliasAttributes value: ${a}`);
    }
  }
  const settings = poolSettingsOf(input, false);
  const now = state.clock.now();
  const id = `${state.region}_${randomString(9)}`;
  const usernameConfiguration = record(input.UsernameConfiguration);
  const pool: PoolRecord = {
    id,
    name: String(input.PoolName),
    arn: `arn:aws:cognito-idp:${state.region}:000000000000:userpool/${id}`,
    createdAt: now,
    modifiedAt: now,
    usernameAttributes,
    aliasAttributes,
    caseSensitive: usernameConfiguration.CaseSensitive !== false,
    schema: schemaOf(Array.isArray(input.Schema) ? input.Schema : []),
    softwareTokenMfa: false,
    ...settings,
    input,
    users: new Map(),
    clients: new Map(),
    groups: new Map(),
    // Deleted pools leave gaps: the next index after the highest keeps every pool's signing keys its own.
    keyIndex: Math.max(-1, ...[...state.pools.values()].map((p) => p.keyIndex)) + 1,
  };
  if (pool.aliasAttributes.includes('preferred_username') && pool.schema.find((a) => a.Name === 'preferred_username')?.Required) {
    fail('InvalidParameterException', 'preferred_username cannot be both an alias and a required attribute.');
  }
  state.pools.set(id, pool);
  return { UserPool: describePool(pool) };
}

function preTokenGenerationConfigOf(pool: PoolRecord): Input {
  const config = record(record(pool.input.LambdaConfig).PreTokenGenerationConfig);
  return Object.keys(config).length > 0 ? { PreTokenGenerationConfig: { ...config } } : {};
}

export function describePool(pool: PoolRecord): Input {
  const input = pool.input;
  return {
    Id: pool.id,
    Name: pool.name,
    Arn: pool.arn,
    Policies: { PasswordPolicy: { ...pool.passwordPolicy }, SignInPolicy: signInPolicyOutput(pool) },
    LambdaConfig: { ...pool.lambdaConfig, ...preTokenGenerationConfigOf(pool) },
    SchemaAttributes: pool.schema.map(describedSchemaAttribute),
    AutoVerifiedAttributes: [...pool.autoVerifiedAttributes],
    ...(pool.aliasAttributes.length ? { AliasAttributes: [...pool.aliasAttributes] } : {}),
    ...(pool.usernameAttributes.length ? { UsernameAttributes: [...pool.usernameAttributes] } : {}),
    UsernameConfiguration: { CaseSensitive: pool.caseSensitive },
    MfaConfiguration: pool.mfaConfiguration,
    ...(input.DeviceConfiguration ? { DeviceConfiguration: input.DeviceConfiguration } : {}),
    ...(input.SmsConfiguration ? { SmsConfiguration: input.SmsConfiguration } : {}),
    ...(input.EmailConfiguration ? { EmailConfiguration: input.EmailConfiguration } : {}),
    AdminCreateUserConfig: { AllowAdminCreateUserOnly: pool.allowAdminCreateUserOnly, ...record(input.AdminCreateUserConfig) },
    ...(input.AccountRecoverySetting ? { AccountRecoverySetting: input.AccountRecoverySetting } : {}),
    VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE', ...record(input.VerificationMessageTemplate) },
    ...(pool.domain ? (pool.domain.certificateArn ? { CustomDomain: pool.domain.domain } : { Domain: pool.domain.domain }) : {}),
    CreationDate: pool.createdAt / 1000,
    LastModifiedDate: pool.modifiedAt / 1000,
    EstimatedNumberOfUsers: pool.users.size,
    UserPoolTier: 'ESSENTIALS',
    DeletionProtection: input.DeletionProtection === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
  };
}

export function describeUserPool(state: ServiceState, input: Input): { UserPool: Input } {
  return { UserPool: describePool(poolOf(state, String(input.UserPoolId))) };
}

const UNIT_SECONDS: Record<TimeUnit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function validitySeconds(value: unknown, unit: unknown, defaultUnit: TimeUnit, defaultSeconds: number): number {
  if (typeof value !== 'number' || value === 0) return defaultSeconds;
  const u: TimeUnit = unit === 'seconds' || unit === 'minutes' || unit === 'hours' || unit === 'days' ? unit : defaultUnit;
  return value * UNIT_SECONDS[u];
}

const ALLOWED_FLOWS = [
  'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_AUTH',
];
const LEGACY_FLOWS = ['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH'];

/**
 * The settings an app client takes from CreateUserPoolClient or UpdateUserPoolClient; members not given take their
 * defaults (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_UpdateUserPoolClient.html).
 */
export function clientSettingsOf(input: Input): Omit<ClientRecord, 'id' | 'name' | 'poolId' | 'secret' | 'createdAt'> {
  const flows = input.ExplicitAuthFlows === undefined
    ? ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH']
    : strings(input.ExplicitAuthFlows);
  for (const flow of flows) {
    if (!ALLOWED_FLOWS.includes(flow) && !LEGACY_FLOWS.includes(flow)) {
      fail('InvalidParameterException', `Invalid ExplicitAuthFlows value: ${flow}`);
    }
  }
  if (flows.some((f) => LEGACY_FLOWS.includes(f)) && flows.some((f) => f.startsWith('ALLOW_'))) {
    fail('InvalidParameterException', 'ExplicitAuthFlows cannot mix legacy flow names with ALLOW_ values.');
  }
  const units = record(input.TokenValidityUnits);
  const access = validitySeconds(input.AccessTokenValidity, units.AccessToken, 'hours', 3600);
  const id = validitySeconds(input.IdTokenValidity, units.IdToken, 'hours', 3600);
  const refresh = validitySeconds(input.RefreshTokenValidity, units.RefreshToken, 'days', 30 * 86400);
  if (access < 300 || access > 86400) fail('InvalidParameterException', 'AccessTokenValidity must be between 5 minutes and 1 day.');
  if (id < 300 || id > 86400) fail('InvalidParameterException', 'IdTokenValidity must be between 5 minutes and 1 day.');
  if (refresh < 3600 || refresh > 3650 * 86400) {
    fail('InvalidParameterException', 'RefreshTokenValidity must be between 60 minutes and 10 years.');
  }
  const session = input.AuthSessionValidity === undefined ? 3 : Number(input.AuthSessionValidity);
  if (!Number.isInteger(session) || session < 3 || session > 15) {
    fail('InvalidParameterException', 'AuthSessionValidity must be between 3 and 15 minutes.');
  }
  const prevent = input.PreventUserExistenceErrors ?? 'LEGACY';
  if (prevent !== 'LEGACY' && prevent !== 'ENABLED') fail('InvalidParameterException', 'Invalid PreventUserExistenceErrors value.');
  return {
    explicitAuthFlows: flows,
    accessTokenSeconds: access,
    idTokenSeconds: id,
    refreshTokenSeconds: refresh,
    authSessionMinutes: session,
    enableTokenRevocation: input.EnableTokenRevocation !== false,
    preventUserExistenceErrors: prevent,
    ...(input.ReadAttributes !== undefined ? { readAttributes: [...strings(input.ReadAttributes), 'sub'] } : {}),
    ...(input.WriteAttributes !== undefined ? { writeAttributes: strings(input.WriteAttributes) } : {}),
    input,
  };
}

export function createUserPoolClient(state: ServiceState, input: Input): { UserPoolClient: Input } {
  const pool = poolOf(state, String(input.UserPoolId));
  checkOAuthClientSettings(pool, input, input.GenerateSecret === true);
  const client: ClientRecord = {
    id: randomString(26, 'abcdefghijklmnopqrstuvwxyz0123456789'),
    name: String(input.ClientName),
    poolId: pool.id,
    ...(input.GenerateSecret === true ? { secret: randomString(51, 'abcdefghijklmnopqrstuvwxyz0123456789') } : {}),
    ...clientSettingsOf(input),
    createdAt: state.clock.now(),
  };
  pool.clients.set(client.id, client);
  state.clients.set(client.id, client);
  return { UserPoolClient: describeClient(client) };
}

export function describeClient(client: ClientRecord): Input {
  const units = record(client.input.TokenValidityUnits);
  return {
    UserPoolId: client.poolId,
    ClientName: client.name,
    ClientId: client.id,
    ...(client.secret ? { ClientSecret: client.secret } : {}),
    LastModifiedDate: (client.modifiedAt ?? client.createdAt) / 1000,
    CreationDate: client.createdAt / 1000,
    RefreshTokenValidity: client.input.RefreshTokenValidity ?? 30,
    AccessTokenValidity: client.input.AccessTokenValidity ?? 60,
    IdTokenValidity: client.input.IdTokenValidity ?? 60,
    TokenValidityUnits: {
      AccessToken: units.AccessToken ?? (client.input.AccessTokenValidity === undefined ? 'minutes' : 'hours'),
      IdToken: units.IdToken ?? (client.input.IdTokenValidity === undefined ? 'minutes' : 'hours'),
      RefreshToken: units.RefreshToken ?? 'days',
    },
    ...(client.readAttributes ? { ReadAttributes: client.readAttributes } : {}),
    ...(client.writeAttributes ? { WriteAttributes: client.writeAttributes } : {}),
    ExplicitAuthFlows: client.explicitAuthFlows,
    PreventUserExistenceErrors: client.preventUserExistenceErrors,
    EnableTokenRevocation: client.enableTokenRevocation,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: client.authSessionMinutes,
    ...describeOAuthSettings(client),
  };
}

export function describeUserPoolClient(state: ServiceState, input: Input): { UserPoolClient: Input } {
  const pool = poolOf(state, String(input.UserPoolId));
  const client = pool.clients.get(String(input.ClientId));
  if (!client) fail('ResourceNotFoundException', `User pool client ${String(input.ClientId)} does not exist.`);
  return { UserPoolClient: describeClient(client) };
}

function mfaConfigOutput(pool: PoolRecord): Input {
  return {
    MfaConfiguration: pool.mfaConfiguration,
    SoftwareTokenMfaConfiguration: { Enabled: pool.softwareTokenMfa },
    ...(pool.smsMfa
      ? { SmsMfaConfiguration: { ...(pool.smsAuthenticationMessage ? { SmsAuthenticationMessage: pool.smsAuthenticationMessage } : {}), SmsConfiguration: record(pool.input.SmsConfiguration) } }
      : {}),
    ...passwordlessMfaConfigOutput(pool),
  };
}

/**
 * Omitted factor settings stay as they are (so TOTP can be switched on without restating SMS); with MFA ON or
 * OPTIONAL at least one factor must end up enabled.
 */
export function setUserPoolMfaConfig(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const mfaConfiguration = input.MfaConfiguration === undefined ? pool.mfaConfiguration : mfaConfigurationOf(input.MfaConfiguration);
  let softwareTokenMfa = pool.softwareTokenMfa;
  if (input.SoftwareTokenMfaConfiguration !== undefined) {
    softwareTokenMfa = record(input.SoftwareTokenMfaConfiguration).Enabled === true;
  }
  let smsMfa = pool.smsMfa;
  if (input.SmsMfaConfiguration !== undefined) {
    const sms = record(input.SmsMfaConfiguration);
    const smsConfiguration = record(sms.SmsConfiguration);
    if (Object.keys(smsConfiguration).length === 0 && !pool.input.SmsConfiguration) {
      fail('InvalidParameterException', 'SmsConfiguration is required to enable SMS MFA.');
    }
    if (Object.keys(smsConfiguration).length > 0) pool.input = { ...pool.input, SmsConfiguration: smsConfiguration };
    if (typeof sms.SmsAuthenticationMessage === 'string') pool.smsAuthenticationMessage = sms.SmsAuthenticationMessage;
    smsMfa = true;
  }
  const emailMfa = pool.emailMfa !== undefined || input.EmailMfaConfiguration !== undefined;
  if (mfaConfiguration !== 'OFF' && !softwareTokenMfa && !smsMfa && !emailMfa) {
    fail('InvalidParameterException', 'At least one MFA type must be enabled when MFA is ON or OPTIONAL.');
  }
  applyPasswordlessMfaConfig(pool, input);
  pool.mfaConfiguration = mfaConfiguration;
  pool.softwareTokenMfa = softwareTokenMfa;
  pool.smsMfa = smsMfa;
  pool.modifiedAt = state.clock.now();
  return mfaConfigOutput(pool);
}

export function getUserPoolMfaConfig(state: ServiceState, input: Input): Input {
  return mfaConfigOutput(poolOf(state, String(input.UserPoolId)));
}

export function creationDates(createdAt: number, modifiedAt: number): { UserCreateDate: number; UserLastModifiedDate: number } {
  return { UserCreateDate: createdAt / 1000, UserLastModifiedDate: modifiedAt / 1000 };
}
