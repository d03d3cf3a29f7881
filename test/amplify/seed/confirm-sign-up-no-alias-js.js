import { Auth } from '../../../amplify.js';
async function confirmSignUp() {
try {
await Auth.confirmSignUp(username, code, { forceAliasCreation: false });
} catch (error) {
console.log('error confirming sign up', error);
}
}
export { confirmSignUp };
