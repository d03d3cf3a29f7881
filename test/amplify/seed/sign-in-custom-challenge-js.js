import { Auth } from '../../../amplify.js';
async function signInWithCustomChallenge() {
try {
const user = await Auth.signIn(username, password)
if (user.challengeName === 'CUSTOM_CHALLENGE') {
const challengeResponse = getChallengeResponseFromUserInput();
// to send the answer of the custom challenge
const loggedUser = await Auth.sendCustomChallengeAnswer(user, challengeResponse)
console.log(loggedUser)
} else {
console.log(user);
}
} catch (err) { console.log(err); }
}
export { signInWithCustomChallenge };
