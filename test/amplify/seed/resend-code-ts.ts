import { Auth } from '../../../amplify.js';
type ResendConfCodeParameters = {
username: string;
};
export async function resendConfirmationCode({ username }: ResendConfCodeParameters) {
try {
await Auth.resendSignUp(username);
console.log('code resent successfully');
} catch (err) {
console.log('error resending code: ', err);
}
}
