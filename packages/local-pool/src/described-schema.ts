import type { SchemaAttribute } from './pool-records.js';

/**
 * One schema attribute as DescribeUserPool shows it
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_SchemaAttributeType.html): only
 * String attributes carry length limits and only Number attributes value limits, and a developer-only attribute is
 * listed under its `dev:custom:` name, though users still hold it as `custom:<name>`.
 */
export function describedSchemaAttribute(attribute: SchemaAttribute): SchemaAttribute {
  const { StringAttributeConstraints, NumberAttributeConstraints, ...rest } = attribute;
  return {
    ...rest,
    Name: attribute.DeveloperOnlyAttribute && !attribute.Name.startsWith('dev:') ? `dev:${attribute.Name}` : attribute.Name,
    ...(attribute.AttributeDataType === 'String' ? { StringAttributeConstraints: { MinLength: '0', MaxLength: '2048', ...StringAttributeConstraints } } : {}),
    ...(attribute.AttributeDataType === 'Number' ? { NumberAttributeConstraints: { ...NumberAttributeConstraints } } : {}),
  };
}
