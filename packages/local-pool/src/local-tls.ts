import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/** `true` serves HTTPS with a certificate made at start; a cert and key (PEM) serve HTTPS with those. */
export type HttpsOption = boolean | { cert: string; key: string };

export interface LocalTls {
  cert: string;
  key: string;
  /** Where a generated certificate was written, for NODE_EXTRA_CA_CERTS; removed when the server stops. */
  certificatePath?: string;
  dispose(): void;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];

/**
 * The certificate the server presents. A generated one names the loopback addresses and the listen host, and is
 * written to a private temporary directory so that other processes (a backend verifying tokens, a test runner) can be
 * told to trust it.
 */
export function localTls(option: Exclude<HttpsOption, false>, listenHost: string): LocalTls {
  if (option !== true) return { cert: option.cert, key: option.key, dispose: () => undefined };
  const hosts = [...new Set([...LOOPBACK_NAMES, listenHost])].filter((h) => h !== '0.0.0.0' && h !== '::');
  const { cert, key } = createSelfSignedCertificate({ hosts });
  const dir = mkdtempSync(join(tmpdir(), 'cognito-local-pool-tls-'));
  const certificatePath = join(dir, 'local-pool-ca.pem');
  writeFileSync(certificatePath, cert, { mode: 0o644 });
  return { cert, key, certificatePath, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
