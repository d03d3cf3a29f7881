import { customAttributeOf, MAX_CUSTOM_ATTRIBUTES } from './control-plane-operations.js';
import { fail } from './local-cognito-error.js';
import { poolOf, type ServiceState } from './service-state.js';

type Input = Record<string, unknown>;

/**
 * Adds custom attributes to an existing pool, each named `custom:<name>` whether or not the request gives the prefix
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AddCustomAttributes.html). An
 * attribute can never be changed or removed once added, so a name already in the schema is refused, and the whole
 * request is checked before any attribute is added.
 */
export function addCustomAttributes(state: ServiceState, input: Input): Input {
  const pool = poolOf(state, String(input.UserPoolId));
  const entries = Array.isArray(input.CustomAttributes) ? (input.CustomAttributes as Input[]) : [];
  const added = entries.map((entry) => customAttributeOf(entry));
  const names = new Set(pool.schema.map((a) => a.Name));
  for (const attribute of added) {
    if (names.has(attribute.Name)) fail('InvalidParameterException', `Existing attribute already has name ${attribute.Name}.`);
    names.add(attribute.Name);
  }
  const custom = pool.schema.filter((a) => a.Name.startsWith('custom:')).length;
  if (custom + added.length > MAX_CUSTOM_ATTRIBUTES) {
    fail('LimitExceededException', 'A user pool can have at most 50 custom attributes.');
  }
  pool.schema.push(...added);
  pool.modifiedAt = state.clock.now();
  return {};
}
