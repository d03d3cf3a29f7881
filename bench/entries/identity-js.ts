/** amazon-cognito-identity-js: the classes a sign-up / sign-in / sign-out app uses. */
export { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';
