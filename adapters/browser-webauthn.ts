import { fromBase64, toBase64 } from '../services/bytes.js';
import type { WebAuthnAdapter } from '../services/webauthn-adapter.js';

/** The parts of `navigator.credentials` and `PublicKeyCredential` passkeys use; the browser's unless given. */
export interface BrowserCredentials {
  credentials: { get(options: CredentialRequestOptions): Promise<Credential | null>; create(options: CredentialCreationOptions): Promise<Credential | null> };
  PublicKeyCredential?: {
    parseRequestOptionsFromJSON?(options: unknown): PublicKeyCredentialRequestOptions;
    parseCreationOptionsFromJSON?(options: unknown): PublicKeyCredentialCreationOptions;
  };
}

type Json = Record<string, unknown>;

const toBytes = (value: string): Uint8Array<ArrayBuffer> => {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(base64 + '='.repeat((4 - (base64.length % 4)) % 4)) as Uint8Array<ArrayBuffer>;
};
const toBase64url = (buffer: ArrayBuffer | ArrayBufferView): string => {
  const bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const withIds = (list: unknown) =>
  Array.isArray(list) ? list.map((c: Json) => ({ ...c, id: toBytes(String(c['id'])) })) : undefined;

/** Browsers without parseRequestOptionsFromJSON: the binary fields are base64url in the JSON, bytes in the API. */
function requestOptionsOf(json: Json): PublicKeyCredentialRequestOptions {
  const allowCredentials = withIds(json['allowCredentials']);
  return { ...json, challenge: toBytes(String(json['challenge'])), ...(allowCredentials ? { allowCredentials } : {}) } as PublicKeyCredentialRequestOptions;
}

function creationOptionsOf(json: Json): PublicKeyCredentialCreationOptions {
  const user = json['user'] as Json;
  const excludeCredentials = withIds(json['excludeCredentials']);
  return {
    ...json,
    challenge: toBytes(String(json['challenge'])),
    user: { ...user, id: toBytes(String(user['id'])) },
    ...(excludeCredentials ? { excludeCredentials } : {}),
  } as unknown as PublicKeyCredentialCreationOptions;
}

/** The credential as JSON: `toJSON()` where the browser has it, else its fields with the bytes in base64url. */
function credentialJson(credential: Credential | null): string {
  if (!credential) throw new DOMException('The authenticator gave no credential', 'NotAllowedError');
  const key = credential as PublicKeyCredential & { toJSON?: () => unknown };
  if (typeof key.toJSON === 'function') return JSON.stringify(key.toJSON());
  const response = key.response as AuthenticatorResponse & Record<string, unknown>;
  const fields: Json = {};
  for (const name of ['clientDataJSON', 'authenticatorData', 'signature', 'userHandle', 'attestationObject']) {
    const value = response[name];
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) fields[name] = toBase64url(value as ArrayBuffer);
  }
  const transports = (response as { getTransports?: () => string[] }).getTransports?.();
  if (transports) fields['transports'] = transports;
  return JSON.stringify({
    id: key.id,
    rawId: toBase64url(key.rawId),
    type: key.type,
    response: fields,
    clientExtensionResults: key.getClientExtensionResults?.() ?? {},
    ...(key.authenticatorAttachment ? { authenticatorAttachment: key.authenticatorAttachment } : {}),
  });
}

/**
 * Passkeys in a browser: `navigator.credentials.get` and `.create`, with the options parsed by
 * PublicKeyCredential.parseRequestOptionsFromJSON / parseCreationOptionsFromJSON where the browser has them
 * (https://www.w3.org/TR/webauthn-3/#sctn-parseRequestOptionsFromJSON) and by a base64url fallback elsewhere.
 * The page must be on the pool's relying-party ID (its domain, or a parent of it).
 */
export function browserWebAuthn(browser?: BrowserCredentials): WebAuthnAdapter {
  const platform = () =>
    browser ??
    ({
      credentials: (globalThis as { navigator?: { credentials?: BrowserCredentials['credentials'] } }).navigator?.credentials,
      PublicKeyCredential: (globalThis as { PublicKeyCredential?: BrowserCredentials['PublicKeyCredential'] }).PublicKeyCredential,
    } as BrowserCredentials);
  const credentials = () => {
    const found = platform().credentials;
    if (!found) throw new DOMException('This browser has no WebAuthn (navigator.credentials)', 'NotSupportedError');
    return found;
  };
  return {
    async get(requestOptionsJson) {
      const json = JSON.parse(requestOptionsJson) as Json;
      const parse = platform().PublicKeyCredential?.parseRequestOptionsFromJSON;
      const publicKey = parse ? parse(json) : requestOptionsOf(json);
      return credentialJson(await credentials().get({ publicKey }));
    },
    async create(creationOptionsJson) {
      const json = JSON.parse(creationOptionsJson) as Json;
      const parse = platform().PublicKeyCredential?.parseCreationOptionsFromJSON;
      const publicKey = parse ? parse(json) : creationOptionsOf(json);
      return credentialJson(await credentials().create({ publicKey }));
    },
  };
}
