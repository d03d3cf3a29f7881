import { Auth } from '../../../amplify.js';
export async function signOut() {
try {
await Auth.signOut({ global: true });
} catch (error) {
console.log('error signing out: ', error);
}
}
