import { beforeAll, describe, expect, it } from 'vitest';
import { PASSWORDLESS_FLOWS, runPasswordlessRequestsBench, type PasswordlessBenchRow, type PasswordlessFlow } from '../../bench/passwordless-requests.js';

/*
 * The request figures `npm run bench` prints for the passwordless and passkey flows, held to the operations each
 * client really sent: the bench runs every flow against the local user pool over HTTP (127.0.0.1, a free port),
 * checks each one ended signed in (or registered), and counts at the server. A flow that broke, or a client that
 * started sending one more call, changes a sequence here.
 */

const SEQUENCES: Record<PasswordlessFlow, string[]> = {
  'email OTP sign-in (USER_AUTH, EMAIL_OTP)': ['InitiateAuth', 'RespondToAuthChallenge'],
  'SMS OTP sign-in (USER_AUTH, SMS_OTP)': ['InitiateAuth', 'RespondToAuthChallenge'],
  // The choice is a request of its own (SELECT_CHALLENGE with ANSWER), then the code.
  'SELECT_CHALLENGE, then an emailed code': ['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge'],
  'password inside USER_AUTH (PASSWORD)': ['InitiateAuth'],
  'SRP inside USER_AUTH (PASSWORD_SRP)': ['InitiateAuth', 'RespondToAuthChallenge'],
  'email MFA after a password (SRP)': ['InitiateAuth', 'RespondToAuthChallenge', 'RespondToAuthChallenge'],
  // ConfirmSignUp's session signs in with one InitiateAuth: no password, no SRP round.
  'passwordless sign-up → confirm → auto sign-in': ['SignUp', 'ConfirmSignUp', 'InitiateAuth'],
  'passkey registration': ['StartWebAuthnRegistration', 'CompleteWebAuthnRegistration'],
  'passkey sign-in (WEB_AUTHN)': ['InitiateAuth', 'RespondToAuthChallenge'],
};

let rows: PasswordlessBenchRow[];

beforeAll(async () => {
  rows = await runPasswordlessRequestsBench();
}, 60_000);

describe('bench: requests per passwordless and passkey flow', () => {
  it('runs every flow for core + fetch, the root entry with the SDK, and aws-amplify v6', () => {
    expect(rows.map((row) => row.client)).toEqual(['this project (core + fetch)', 'this project (root, SDK)', 'aws-amplify v6']);
    for (const row of rows) expect(Object.keys(row.flows).sort()).toEqual([...PASSWORDLESS_FLOWS].sort());
  });

  it.each(PASSWORDLESS_FLOWS)('%s: the operations each client sent, in order', (flow) => {
    for (const row of rows) expect(row.flows[flow], `${row.client}: ${flow}`).toEqual(SEQUENCES[flow]);
  });
});
