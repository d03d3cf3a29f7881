/**
 * The part of a browser's WebAuthn API that aws-amplify v6 reads, backed by the software authenticator, so its
 * passkey sign-in and registration run in Node against the local user pool. Amplify checks, before a ceremony, that
 * `window` and `window.document` exist, that the context is secure and that `window.PublicKeyCredential` is a
 * function; it then calls `navigator.credentials.create/get({ publicKey })` with ArrayBuffers where the JSON options
 * have base64url, checks the result is a `PublicKeyCredential` whose `response` is an
 * `AuthenticatorAttestationResponse` or `AuthenticatorAssertionResponse`, and serialises it itself (rawId,
 * clientDataJSON, attestationObject, getTransports(), getPublicKeyAlgorithm(), getAuthenticatorData(),
 * getPublicKey(), authenticatorData, signature, userHandle, getClientExtensionResults()). Those are what this gives.
 */
import type { SoftwareAuthenticator } from '../packages/local-pool/test/software-authenticator.js';

const toBuffer = (base64url: string): ArrayBuffer => {
  const bytes = Buffer.from(base64url, 'base64url');
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const toBase64url = (data: ArrayBuffer | ArrayBufferView): string =>
  (ArrayBuffer.isView(data) ? Buffer.from(data.buffer, data.byteOffset, data.byteLength) : Buffer.from(data)).toString('base64url');

/** The authenticator data inside a "none" attestation object: the byte string under the `authData` key. */
function authDataOf(attestationObject: Buffer): ArrayBuffer {
  const key = Buffer.concat([Buffer.from([0x60 | 8]), Buffer.from('authData')]);
  let at = attestationObject.indexOf(key) + key.length;
  const head = attestationObject[at]!;
  let length = head & 0x1f;
  at += 1;
  if (length === 24) (length = attestationObject[at]!), (at += 1);
  else if (length === 25) (length = attestationObject.readUInt16BE(at)), (at += 2);
  else if (length === 26) (length = attestationObject.readUInt32BE(at)), (at += 4);
  return new Uint8Array(attestationObject.subarray(at, at + length)).buffer;
}

class AuthenticatorAttestationResponse {
  constructor(
    readonly clientDataJSON: ArrayBuffer,
    readonly attestationObject: ArrayBuffer,
    private readonly transports: string[],
  ) {}
  getTransports() {
    return this.transports;
  }
  getPublicKeyAlgorithm() {
    return -7; // ES256, the only algorithm the software authenticator makes keys for
  }
  getAuthenticatorData() {
    return authDataOf(Buffer.from(this.attestationObject));
  }
  getPublicKey() {
    // Optional in the result (Amplify leaves it out when null); the pool reads the key from the attestation object.
    return null;
  }
}

class AuthenticatorAssertionResponse {
  constructor(
    readonly clientDataJSON: ArrayBuffer,
    readonly authenticatorData: ArrayBuffer,
    readonly signature: ArrayBuffer,
    readonly userHandle: ArrayBuffer | null,
  ) {}
}

class PublicKeyCredential {
  readonly type = 'public-key';
  constructor(
    readonly id: string,
    readonly rawId: ArrayBuffer,
    readonly response: AuthenticatorAttestationResponse | AuthenticatorAssertionResponse,
    readonly authenticatorAttachment: string,
  ) {}
  getClientExtensionResults() {
    return {};
  }
}

type Json = Record<string, any>;

/** The JSON form of options Amplify turned into ArrayBuffers: what the software authenticator takes. */
function optionsJson(options: Json): Json {
  return Object.fromEntries(
    Object.entries(options).map(([key, value]) => [
      key,
      value instanceof ArrayBuffer || ArrayBuffer.isView(value)
        ? toBase64url(value)
        : Array.isArray(value)
          ? value.map((item) => (item && typeof item === 'object' ? optionsJson(item as Json) : item))
          : value && typeof value === 'object'
            ? optionsJson(value as Json)
            : value,
    ]),
  );
}

/**
 * Installs the shim on `globalThis` for the page at `origin` and returns a function that removes it again, so the
 * rest of the process runs as plain Node (Amplify treats a defined `window.document` as a browser elsewhere too).
 */
export function installWebAuthnShim(authenticator: SoftwareAuthenticator, origin: string): () => void {
  const credentials = {
    async create({ publicKey }: { publicKey: Json }) {
      const out = authenticator.create(optionsJson(publicKey), origin) as Json;
      const response = new AuthenticatorAttestationResponse(
        toBuffer(out.response.clientDataJSON),
        toBuffer(out.response.attestationObject),
        out.response.transports,
      );
      return new PublicKeyCredential(out.id, toBuffer(out.rawId), response, out.authenticatorAttachment);
    },
    async get({ publicKey }: { publicKey: Json }) {
      const out = authenticator.get(optionsJson(publicKey), origin) as Json;
      const response = new AuthenticatorAssertionResponse(
        toBuffer(out.response.clientDataJSON),
        toBuffer(out.response.authenticatorData),
        toBuffer(out.response.signature),
        out.response.userHandle ? toBuffer(out.response.userHandle) : null,
      );
      return new PublicKeyCredential(out.id, toBuffer(out.rawId), response, out.authenticatorAttachment);
    },
  };
  const installed: Record<string, unknown> = {
    window: { document: {}, isSecureContext: true, PublicKeyCredential, location: new URL(origin) },
    navigator: { credentials, userAgent: 'node' },
    PublicKeyCredential,
    AuthenticatorAttestationResponse,
    AuthenticatorAssertionResponse,
  };
  const before = Object.keys(installed).map((name) => [name, Object.getOwnPropertyDescriptor(globalThis, name)] as const);
  for (const [name, value] of Object.entries(installed)) {
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  }
  return () => {
    for (const [name, descriptor] of before) {
      if (descriptor) Object.defineProperty(globalThis, name, descriptor);
      else delete (globalThis as Record<string, unknown>)[name];
    }
  };
}
