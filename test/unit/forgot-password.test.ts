import { afterEach, describe, expect, it } from 'vitest';
import { cognitoError } from '../support/scripted-transport.js';
import { CLIENT_ID } from '../support/fake-tokens.js';
import { startAuth, stopAll, type HarnessOptions } from '../support/auth-harness.js';

afterEach(stopAll);

const DELIVERY = { Destination: 'a***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' };
const CODE_DELIVERY = { destination: 'a***@e***', deliveryMedium: 'EMAIL', attributeName: 'email' };

async function awaitingCode(script: HarnessOptions['script'] = {}) {
  const h = await startAuth({ script: { ForgotPassword: [{ CodeDeliveryDetails: DELIVERY }], ...script } });
  h.send({ type: 'FORGOT_PASSWORD', username: 'alice', clientMetadata: { app: 'demo' } });
  expect(h.value()).toEqual({ resettingPassword: 'requestingCode' });
  await h.settle();
  return h;
}

describe('FORGOT_PASSWORD', () => {
  it('sends ForgotPassword, waits for the code with the delivery, emits forgotPassword', async () => {
    const h = await awaitingCode();
    expect(h.callsOf('ForgotPassword')).toEqual([{ ClientId: CLIENT_ID, Username: 'alice', ClientMetadata: { app: 'demo' } }]);
    expect(h.value()).toEqual({ resettingPassword: 'awaitingCode' });
    expect(h.context().passwordReset).toEqual({ username: 'alice', codeDelivery: CODE_DELIVERY });
    expect(h.events).toEqual([{ type: 'forgotPassword', username: 'alice', codeDelivery: CODE_DELIVERY }]);
  });

  it('a failure (LimitExceededException) → signedOut with forgotPassword_failure', async () => {
    const h = await startAuth({ script: { ForgotPassword: [cognitoError('LimitExceededException')] } });
    h.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.errorName()).toBe('LimitExceededException');
    expect(h.types()).toEqual(['forgotPassword_failure']);
    expect(h.context().passwordReset).toBeNull();
  });

  it('a second FORGOT_PASSWORD while waiting asks again', async () => {
    const h = await awaitingCode({ ForgotPassword: [{ CodeDeliveryDetails: DELIVERY }, {}] });
    h.send({ type: 'FORGOT_PASSWORD', username: 'alice' });
    await h.settle();
    expect(h.callsOf('ForgotPassword')).toHaveLength(2);
    expect(h.value()).toEqual({ resettingPassword: 'awaitingCode' });
  });

  it('CANCEL → signedOut, the reset dropped', async () => {
    const h = await awaitingCode();
    h.send({ type: 'CANCEL' });
    expect(h.value()).toBe('signedOut');
    expect(h.context().passwordReset).toBeNull();
  });
});

describe('CONFIRM_FORGOT_PASSWORD', () => {
  it('sends ConfirmForgotPassword with the code and new password → signedOut with forgotPasswordSubmit', async () => {
    const h = await awaitingCode({ ConfirmForgotPassword: [{}] });
    h.clearEvents();
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: 'Brand-N3w-Password!', clientMetadata: { k: 'v' } });
    expect(h.value()).toEqual({ resettingPassword: 'submitting' });
    await h.settle();
    expect(h.callsOf('ConfirmForgotPassword')).toEqual([
      { ClientId: CLIENT_ID, Username: 'alice', ConfirmationCode: '830417', Password: 'Brand-N3w-Password!', ClientMetadata: { k: 'v' } },
    ]);
    expect(h.value()).toBe('signedOut');
    expect(h.context().error).toBeNull();
    expect(h.context().passwordReset).toBeNull();
    expect(h.events).toEqual([{ type: 'forgotPasswordSubmit', username: 'alice' }]);
  });

  it('CodeMismatchException stays in awaitingCode with the error and forgotPasswordSubmit_failure', async () => {
    const h = await awaitingCode({ ConfirmForgotPassword: [cognitoError('CodeMismatchException'), {}] });
    h.clearEvents();
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '830400', newPassword: 'Brand-N3w-Password!' });
    await h.settle();
    expect(h.value()).toEqual({ resettingPassword: 'awaitingCode' });
    expect(h.errorName()).toBe('CodeMismatchException');
    expect(h.types()).toEqual(['forgotPasswordSubmit_failure']);

    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: 'Brand-N3w-Password!' });
    await h.settle();
    expect(h.value()).toBe('signedOut');
    expect(h.types()).toEqual(['forgotPasswordSubmit_failure', 'forgotPasswordSubmit']);
  });

  it('InvalidPasswordException stays in awaitingCode', async () => {
    const h = await awaitingCode({ ConfirmForgotPassword: [cognitoError('InvalidPasswordException')] });
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', code: '830417', newPassword: 'weak-pass' });
    await h.settle();
    expect(h.value()).toEqual({ resettingPassword: 'awaitingCode' });
    expect(h.errorName()).toBe('InvalidPasswordException');
  });
});

describe('CONFIRM_FORGOT_PASSWORD for another username', () => {
  it('resets that user and names that user in forgotPasswordSubmit', async () => {
    const h = await awaitingCode({ ConfirmForgotPassword: [{}] });
    h.clearEvents();
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', username: 'bob', code: '830417', newPassword: 'Brand-N3w-Password!' });
    await h.settle();
    expect(h.callsOf('ConfirmForgotPassword')[0]).toMatchObject({ Username: 'bob' });
    expect(h.events).toEqual([{ type: 'forgotPasswordSubmit', username: 'bob' }]);
  });

  it('a wrong code for the same user keeps the code delivery on screen', async () => {
    const h = await awaitingCode({ ConfirmForgotPassword: [cognitoError('CodeMismatchException')] });
    h.send({ type: 'CONFIRM_FORGOT_PASSWORD', username: 'alice', code: '830400', newPassword: 'Brand-N3w-Password!' });
    await h.settle();
    expect(h.context().passwordReset).toEqual({ username: 'alice', codeDelivery: CODE_DELIVERY });
  });
});
