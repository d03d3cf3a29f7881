import { Auth } from '../../../amplify.js';
async function signInWithMFA() {
try {
const user = await Auth.signIn(username, password);
if (
user.challengeName === 'SMS_MFA' ||
user.challengeName === 'SOFTWARE_TOKEN_MFA'
) {
// You need to get the code from the UI inputs
// and then trigger the following function with a button click.
const code = getCodeFromUserInput();
const mfaType = getMFATypeFromUserInput();
// If MFA is enabled, sign-in should be confirmed with the confirmation code
const loggedUser = await Auth.confirmSignIn(
user, // Return object from Auth.signIn()
code, // Confirmation code
mfaType // MFA Type e.g. SMS_MFA, SOFTWARE_TOKEN_MFA
);
console.log(loggedUser)
} else {
// The user directly signs in
console.log(user)
}
} catch (error) {
console.log(`error signing in`, error);
}
};
export { signInWithMFA };
