/** Values that both the session's types and the account actions' types name. */

/** Attribute values as the ID token carries them: strings, `email_verified` as a boolean, `updated_at` a number. */
export type UserAttributeValue = string | number | boolean;

/** Where Cognito sent a code, the destination masked. */
export interface CodeDelivery {
  destination?: string;
  deliveryMedium?: string;
  attributeName?: string;
}
