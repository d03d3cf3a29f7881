/**
 * aws-amplify v6 for the passwordless flows: the sign-in entry (whose `signIn` and `confirmSignIn` already take
 * USER_AUTH, the preferred challenge, SELECT_CHALLENGE, the OTP codes, email MFA and the WEB_AUTHN ceremony) with
 * `autoSignIn` added, which a sign-up that signs in with ConfirmSignUp's session calls.
 */
export * from './amplify-v6.js';
export { autoSignIn } from 'aws-amplify/auth';
