import { Auth } from '../../../amplify.js';
async function signInWithNewPassword() {
try {
const user = await Auth.signIn(username, password);
if (user.challengeName === 'NEW_PASSWORD_REQUIRED') {
// Required attributes are OPTIONAL, but if they were configured
// you need to get these in addition to new password from UI inputs
const { requiredAttributes } = user.challengeParam;
// Example if email and phone_number were required attributes
const { username, email, phone_number } = getInfoFromUserInput();
const loggedUser = await Auth.completeNewPassword(
user, // the Cognito User Object
newPassword, // the new password
// OPTIONAL, the required attributes
{
email,
phone_number
}
);
console.log(loggedUser)
}
} catch (error) {
console.log('Error confirming sign in with new password', error);
}
}
export { signInWithNewPassword };
