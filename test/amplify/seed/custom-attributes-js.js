import { Auth } from '../../../amplify.js';
export const signUpWithCustomAttribute = () =>
Auth.signUp({
username,
password,
attributes: {
email,
'custom:favorite_flavor': 'Cookie Dough' // custom attribute, not standard
}
})
