/**
 * Masks a delivery destination the way Cognito shows it in CodeDeliveryDetails
 * (https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_CodeDeliveryDetailsType.html).
 */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

export function maskPhone(phone: string): string {
  const digits = phone.replace(/^\+/, '');
  return `+${'*'.repeat(Math.max(0, digits.length - 4))}${digits.slice(-4)}`;
}

export function maskDestination(medium: 'EMAIL' | 'SMS', destination: string): string {
  return medium === 'EMAIL' ? maskEmail(destination) : maskPhone(destination);
}
