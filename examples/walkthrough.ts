/**
 * `npm run walkthrough`: the flows of the guide, one after another, against a local user pool on 127.0.0.1. Each step
 * prints the event sent, the state reached and the events the machine emitted. No AWS account needed.
 */
import { waitFor } from 'xstate';
import { createAuth, type AuthActor, type AuthEmitted, type AuthEvent } from '../index.js';
import { createLocalCognito, startLocalCognito } from '@cognito-auth-machine/local-pool';
import { DEMO_PASSWORD, DEMO_TEMPORARY_PASSWORD, QUIZ, createDemoPool, totpCode } from './demo-pool.js';

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code: number, text: string) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const bold = (text: string) => paint(1, text);
const dim = (text: string) => paint(2, text);
const green = (text: string) => paint(32, text);

function stateName(auth: AuthActor): string {
  const flatten = (value: unknown): string =>
    typeof value === 'string' ? value : Object.entries(value as object).map(([k, v]) => `${k}.${flatten(v)}`).join(',');
  return flatten(auth.getSnapshot().value);
}

/** Events as they would be logged: secrets never printed. */
function describeEvent(event: AuthEvent): string {
  const shown = Object.entries(event)
    .filter(([key]) => key !== 'type')
    .map(([key, value]) => (/password|code|answer/i.test(key) ? `${key}: ••••` : `${key}: ${JSON.stringify(value)}`));
  return `${event.type}${shown.length ? ` { ${shown.join(', ')} }` : ''}`;
}

async function main(): Promise<void> {
  // The SDK warns once that its 2027 releases will need Node 22; that says nothing about this walkthrough.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const cognito = createLocalCognito();
  const server = await startLocalCognito({ cognito });
  const { pool, users } = await createDemoPool(cognito);
  console.log(bold('cognito-auth-machine walkthrough'));
  console.log(dim(`local user pool ${pool.userPoolId} at ${server.endpoint} (client ${pool.clientId})\n`));

  const auth = createAuth({ userPoolId: pool.userPoolId, userPoolClientId: pool.clientId, endpoint: server.endpoint });
  const emitted: AuthEmitted[] = [];
  auth.on('*', (event) => emitted.push(event));
  await waitFor(auth, (s) => !s.hasTag('busy'));

  async function step(event: AuthEvent, note = ''): Promise<void> {
    emitted.length = 0;
    auth.send(event);
    await waitFor(auth, (s) => !s.hasTag('busy'), { timeout: 10_000 });
    const error = auth.getSnapshot().context.error;
    const events = emitted.map((e) => e.type).join(', ');
    console.log(`  ${bold('→')} ${describeEvent(event)}${note ? dim(`  (${note})`) : ''}`);
    console.log(`    state ${green(stateName(auth))}${events ? `   emitted ${events}` : ''}${error ? `   error ${error.name}` : ''}`);
  }
  const code = (username: string) => pool.lastCode(username) ?? '';

  console.log(bold('1. Sign-up with attributes → confirm → auto sign-in'));
  const newUser = `alex${Date.now().toString(36)}`;
  await step({
    type: 'SIGN_UP',
    username: newUser,
    password: DEMO_PASSWORD,
    attributes: { email: `${newUser}@example.com`, 'custom:favorite_flavor': 'Cookie Dough' },
    autoSignIn: true,
  });
  await step({ type: 'CONFIRM_SIGN_UP', code: '000000' }, 'a wrong code first');
  await step({ type: 'RESEND_SIGN_UP_CODE' });
  await step({ type: 'CONFIRM_SIGN_UP', code: code(newUser) }, 'the code from the outbox');
  const user = auth.getSnapshot().context.user;
  console.log(dim(`    signed in as ${user?.username}, favorite flavor ${String(user?.attributes['custom:favorite_flavor'])}`));
  await step({ type: 'SIGN_OUT' });

  console.log(bold('\n2. Sign-in with SMS MFA'));
  await step({ type: 'SIGN_IN', username: users.sms, password: DEMO_PASSWORD });
  await step({ type: 'CONFIRM_SIGN_IN', code: '000000' }, 'a wrong code first');
  await step({ type: 'CONFIRM_SIGN_IN', code: code(users.sms) }, 'the code texted to the outbox');
  await step({ type: 'SIGN_OUT' });

  console.log(bold('\n3. Sign-in with TOTP MFA, then global sign-out'));
  await step({ type: 'SIGN_IN', username: 'tara@example.com', password: DEMO_PASSWORD }, 'with the email alias');
  await step({ type: 'CONFIRM_SIGN_IN', code: totpCode(users.totpSecret) }, 'the authenticator app code');
  await step({ type: 'SIGN_OUT', global: true });

  console.log(bold('\n4. Custom challenge'));
  await step({ type: 'SIGN_IN', username: users.quiz, authFlow: 'CUSTOM_WITHOUT_SRP' });
  console.log(dim(`    Cognito asks: ${auth.getSnapshot().context.challenge?.parameters.question ?? ''}`));
  await step({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: '4' });
  await step({ type: 'SEND_CUSTOM_CHALLENGE_ANSWER', answer: QUIZ.answer });
  await step({ type: 'SIGN_OUT' });

  console.log(bold('\n5. New password required'));
  await step({ type: 'SIGN_IN', username: users.newPassword, password: DEMO_TEMPORARY_PASSWORD });
  await step({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'short' }, 'too weak for the policy');
  await step({ type: 'COMPLETE_NEW_PASSWORD', newPassword: 'New-Passw0rd!', requiredAttributes: { name: 'Nina' } });
  await step({ type: 'SIGN_OUT' });

  console.log(bold('\n6. Bad input never leaves the machine'));
  await step({ type: 'SIGN_UP', username: '', password: DEMO_PASSWORD, attributes: { phone_number: '555-0100' } });
  console.log(dim(`    ${auth.getSnapshot().context.error?.message ?? ''}`));

  auth.stop();
  await server.close();
  console.log(green('\nDone.') + dim(' Every step above ran against the local user pool over HTTP, through the AWS SDK.'));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
