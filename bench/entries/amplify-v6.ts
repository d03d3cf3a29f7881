/** aws-amplify v6: the user-pool functions a sign-up / sign-in / sign-out app calls, plus the configuration. */
export { Amplify } from 'aws-amplify';
export { signUp, confirmSignUp, signIn, confirmSignIn, signOut, fetchAuthSession } from 'aws-amplify/auth';
