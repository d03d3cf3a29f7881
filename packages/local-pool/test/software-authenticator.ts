import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';

/**
 * A software passkey authenticator for tests: real ES256 keys from node:crypto, a "none" attestation and
 * authenticator data built to the WebAuthn spec, so the pool's verification runs on genuine credentials.
 */

type CborValue = number | string | Uint8Array | Map<CborValue, CborValue> | Record<string, unknown>;

function header(major: number, length: number): Buffer {
  if (length < 24) return Buffer.from([(major << 5) | length]);
  if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
  if (length < 0x10000) {
    const out = Buffer.alloc(3);
    out[0] = (major << 5) | 25;
    out.writeUInt16BE(length, 1);
    return out;
  }
  const out = Buffer.alloc(5);
  out[0] = (major << 5) | 26;
  out.writeUInt32BE(length, 1);
  return out;
}

/** The little CBOR a credential needs: integers, text, byte strings and maps. */
export function cbor(value: CborValue): Buffer {
  if (typeof value === 'number') return value >= 0 ? header(0, value) : header(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([header(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([header(2, value.length), Buffer.from(value)]);
  const entries: Array<[CborValue, CborValue]> = value instanceof Map ? [...value.entries()] : (Object.entries(value) as Array<[CborValue, CborValue]>);
  return Buffer.concat([header(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest();
const b64url = (data: Buffer) => data.toString('base64url');

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

export interface SoftwarePasskey {
  id: string;
  privateKey: KeyObject;
  counter: number;
  userHandle: string;
}

export class SoftwareAuthenticator {
  readonly passkeys: SoftwarePasskey[] = [];

  /** Answers creation options (CredentialCreationOptions) as a browser would, with a RegistrationResponseJSON. */
  create(options: Record<string, any>, origin: string, { userVerified = true, rpId = options.rp.id as string } = {}): Record<string, unknown> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const coseKey = new Map<CborValue, CborValue>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    const credentialId = randomBytes(16);
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(credentialId.length);
    const authData = Buffer.concat([
      sha256(rpId),
      Buffer.from([FLAG_UP | FLAG_AT | (userVerified ? FLAG_UV : 0)]),
      Buffer.alloc(4),
      Buffer.alloc(16),
      idLength,
      credentialId,
      cbor(coseKey),
    ]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false }));
    const attestationObject = cbor({ fmt: 'none', attStmt: new Map(), authData } as Record<string, unknown>);
    const id = b64url(credentialId);
    this.passkeys.push({ id, privateKey, counter: 0, userHandle: options.user.id });
    return {
      id,
      rawId: id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientDataJSON),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers request options (CREDENTIAL_REQUEST_OPTIONS) with an AuthenticationResponseJSON, signing with the stored key. */
  get(options: Record<string, any>, origin: string, { userVerified = true, passkey = this.passkeys[0]! } = {}): Record<string, unknown> {
    passkey.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(passkey.counter);
    const authData = Buffer.concat([sha256(options.rpId as string), Buffer.from([FLAG_UP | (userVerified ? FLAG_UV : 0)]), counter]);
    const clientDataJSON = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientDataJSON)]), passkey.privateKey);
    return {
      id: passkey.id,
      rawId: passkey.id,
      type: 'public-key',
      response: {
        authenticatorData: b64url(authData),
        clientDataJSON: b64url(clientDataJSON),
        signature: b64url(signature),
        userHandle: passkey.userHandle,
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
