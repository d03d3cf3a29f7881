import { useSelector } from '@xstate/react';
import { useDemo } from './demo-context.js';

interface Identity {
  providerName: string;
  userId: string;
  primary?: string;
}

/**
 * The ID token's `identities` claim: present when the user signed in through a social or enterprise provider
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-identity-federation.html). The chart
 * keeps it out of the user's attributes, as it describes the sign-in rather than the person, so it is read here.
 */
function identitiesOf(idToken: string | undefined): Identity[] {
  const payload = idToken?.split('.')[1];
  if (!payload) return [];
  try {
    const claims = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { identities?: unknown };
    return Array.isArray(claims.identities) ? (claims.identities as Identity[]) : [];
  } catch {
    return [];
  }
}

export function FederatedIdentities() {
  const { auth } = useDemo();
  const idToken = useSelector(auth, (s) => s.context.tokens?.idToken);
  const identities = identitiesOf(idToken);
  if (identities.length === 0) return null;
  return (
    <>
      <h3>Signed in through</h3>
      <dl className="attributes" data-testid="identities">
        {identities.map((identity) => (
          <div key={`${identity.providerName}/${identity.userId}`} className="attributes__row">
            <dt>{identity.providerName}</dt>
            <dd className="mono">{identity.userId}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}
