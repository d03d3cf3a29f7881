import { Auth } from '../../../amplify.js';
async function signIn() {
try {
const user = await Auth.signIn(username, password);
} catch (error) {
console.log('error signing in', error);
}
}
export { signIn };
