/**
 * aws-amplify v6 with the account functions a settings page calls added to the sign-up / sign-in / sign-out entry:
 * what core + fetch (whose chart always carries the account actions) is compared with for account management.
 */
export { Amplify } from 'aws-amplify';
export {
  signUp,
  confirmSignUp,
  signIn,
  confirmSignIn,
  signOut,
  fetchAuthSession,
  fetchUserAttributes,
  updateUserAttributes,
  confirmUserAttribute,
  sendUserAttributeVerificationCode,
  deleteUserAttributes,
  updatePassword,
  setUpTOTP,
  verifyTOTPSetup,
  updateMFAPreference,
  fetchMFAPreference,
  deleteUser,
  rememberDevice,
  forgetDevice,
  fetchDevices,
} from 'aws-amplify/auth';
