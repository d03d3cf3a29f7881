/**
 * cognito-auth-machine/protocol: Cognito's wire-level computations exactly as this client makes them — the SRP-6a
 * group, hashes, session key and password claim, the SECRET_HASH, Cognito's base64 and SRP timestamps, and how a
 * Cognito error response becomes an `AuthError` — for a server or a transport that must agree with the client byte
 * for byte. The local user pool (`@cognito-auth-machine/local-pool`) answers sign-ins with them. Apps do not need it.
 */
export { N, g, k, bytesToBigInt, hexToBigInt, poolNameOf } from './services/srp/srp-group.js';
export { computeU, computeX } from './services/srp/srp-hashes.js';
export { deriveSrpKey, passwordClaimMac } from './services/srp/srp-key.js';
export type { ModPow } from './services/srp/mod-pow.js';
export { selectModPow } from './services/srp/select-mod-pow.js';
export { startSrp, type SrpChallenge, type SrpClientSession } from './services/srp/srp-client.js';
export { parseSrpTimestamp } from './services/srp/srp-timestamp.js';
export { secretHash } from './services/secret-hash.js';
export { fromBase64 } from './services/bytes.js';
export { randomBytes } from './services/web-crypto.js';
export { toAuthError } from './services/error-mapping.js';
export { createDeviceVerifier, type DeviceVerifier } from './services/srp/device-verifier.js';
