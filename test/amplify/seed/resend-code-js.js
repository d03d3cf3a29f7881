import { Auth } from '../../../amplify.js';
async function resendConfirmationCode() {
try {
await Auth.resendSignUp(username);
console.log('code resent successfully');
} catch (err) {
console.log('error resending code: ', err);
}
}
export { resendConfirmationCode };
