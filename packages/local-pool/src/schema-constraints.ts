import { fail } from './local-cognito-error.js';
import type { SchemaAttribute } from './pool-records.js';

type Input = Record<string, unknown>;

/** The longest value any attribute can hold, and so the largest string length a schema can allow. */
export const MAX_STRING_LENGTH = 2048;

function record(value: unknown): Input {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};
}

/**
 * One limit of a schema attribute: Cognito takes it as a string holding a whole number, and refuses anything else
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_StringAttributeConstraintsType.html,
 * https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_NumberAttributeConstraintsType.html).
 * A string length is never negative.
 */
function limitOf(value: unknown, kind: 'StringAttributeConstraints' | 'NumberAttributeConstraints', name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const valid = kind === 'StringAttributeConstraints' ? /^\d+$/ : /^-?\d+$/;
  if (!valid.test(text)) fail('InvalidParameterException', `Invalid ${kind} for schema attribute ${name}`);
  return Number(text);
}

/**
 * The length limits of a String attribute as the request gives them, checked as Cognito checks them: whole numbers,
 * no more than 2048 (the longest value an attribute can hold), and the minimum not above the maximum. Limits the
 * request leaves out keep `defaults`.
 */
export function stringConstraintsOf(
  raw: unknown,
  name: string,
  defaults: { MinLength: string; MaxLength: string },
): { MinLength: string; MaxLength: string } {
  const given = record(raw);
  const min = limitOf(given.MinLength, 'StringAttributeConstraints', name) ?? Number(defaults.MinLength);
  const max = limitOf(given.MaxLength, 'StringAttributeConstraints', name) ?? Number(defaults.MaxLength);
  if (min > MAX_STRING_LENGTH || max > MAX_STRING_LENGTH) {
    fail('InvalidParameterException', `user.${name}: String attributes cannot have a length of more than ${MAX_STRING_LENGTH}`);
  }
  if (min > max) fail('InvalidParameterException', `user.${name}: Max length cannot be less than min length.`);
  return { MinLength: String(min), MaxLength: String(max) };
}

/** The value limits of a Number attribute: whole numbers, the minimum not above the maximum; either may be absent. */
export function numberConstraintsOf(
  raw: unknown,
  name: string,
  defaults: { MinValue?: string; MaxValue?: string } = {},
): NonNullable<SchemaAttribute['NumberAttributeConstraints']> {
  const given = record(raw);
  const min = limitOf(given.MinValue, 'NumberAttributeConstraints', name) ?? (defaults.MinValue !== undefined ? Number(defaults.MinValue) : undefined);
  const max = limitOf(given.MaxValue, 'NumberAttributeConstraints', name) ?? (defaults.MaxValue !== undefined ? Number(defaults.MaxValue) : undefined);
  if (min !== undefined && max !== undefined && min > max) {
    fail('InvalidParameterException', `user.${name}: Max value cannot be less than min value.`);
  }
  return { ...(min !== undefined ? { MinValue: String(min) } : {}), ...(max !== undefined ? { MaxValue: String(max) } : {}) };
}
