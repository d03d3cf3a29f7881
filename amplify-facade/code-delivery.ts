import type { CodeDelivery } from '../machines/auth-types.js';

/** Where Cognito sent a code, in Cognito's own field names, as v5 passed its CodeDeliveryDetails on. */
export interface CodeDeliveryDetails {
  AttributeName?: string;
  DeliveryMedium?: string;
  Destination?: string;
}

export function deliveryDetails(delivery: CodeDelivery | undefined): CodeDeliveryDetails | undefined {
  if (!delivery) return undefined;
  return {
    ...(delivery.attributeName ? { AttributeName: delivery.attributeName } : {}),
    ...(delivery.deliveryMedium ? { DeliveryMedium: delivery.deliveryMedium } : {}),
    ...(delivery.destination ? { Destination: delivery.destination } : {}),
  };
}
