import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/*
 * A small stand-in for Cognito's `/oauth2/token` (authorization_code grant only), on 127.0.0.1 and a free port,
 * under a path like a local pool's: https://docs.aws.amazon.com/cognito/latest/developerguide/token-endpoint.html.
 * Codes are issued by the test (as `/oauth2/authorize` would after the user signed in), bound to the client, the
 * redirect URI and the PKCE challenge, and spent once. Errors are HTTP 400 `{"error": …}`, as Cognito's.
 */

export interface IssuedTokens {
  access_token: string;
  id_token: string;
  refresh_token?: string;
  expires_in?: number;
}

export interface CodeGrant {
  redirectUri: string;
  codeChallenge: string;
  tokens: IssuedTokens | (() => Promise<IssuedTokens>);
}

export interface TokenRequestRecord {
  contentType: string | undefined;
  authorization: string | undefined;
  form: Record<string, string>;
}

export interface TokenEndpointStub {
  /** The domain to configure: `http://127.0.0.1:<port>/<prefix>`. */
  domain: string;
  issueCode(grant: CodeGrant): string;
  /** Every request to the token endpoint, in order. */
  requests: TokenRequestRecord[];
  /** The next answer is this status and body instead (a 500, an HTML page). */
  failNext(status: number, body: string): void;
  close(): Promise<void>;
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export async function startTokenEndpointStub(options: { clientId: string; clientSecret?: string; prefix?: string }): Promise<TokenEndpointStub> {
  const prefix = options.prefix ?? '/us-east-1_TestPool1';
  const codes = new Map<string, CodeGrant>();
  const requests: TokenRequestRecord[] = [];
  let forced: { status: number; body: string } | undefined;

  const answer = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== `${prefix}/oauth2/token`) return answer(res, 404, { error: 'not_found' });
    if (req.method !== 'POST') {
      res.writeHead(405);
      return res.end();
    }
    let raw = '';
    for await (const chunk of req) raw += chunk;
    const form = Object.fromEntries(new URLSearchParams(raw));
    requests.push({ contentType: req.headers['content-type'], authorization: req.headers.authorization, form });
    if (forced) {
      const { status, body } = forced;
      forced = undefined;
      res.writeHead(status, { 'Content-Type': 'text/html' });
      return res.end(body);
    }
    if (req.headers['content-type'] !== 'application/x-www-form-urlencoded') return answer(res, 400, { error: 'invalid_request' });
    if (form.grant_type !== 'authorization_code') return answer(res, 400, { error: 'unsupported_grant_type' });
    if (options.clientSecret) {
      const expected = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== expected) return answer(res, 400, { error: 'invalid_client' });
    }
    if (form.client_id !== options.clientId) return answer(res, 400, { error: 'invalid_client' });
    const grant = form.code ? codes.get(form.code) : undefined;
    // Spent on the first try, right or wrong, as a code is single use.
    if (form.code) codes.delete(form.code);
    if (!grant) return answer(res, 400, { error: 'invalid_grant' });
    if (form.redirect_uri !== grant.redirectUri) return answer(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri mismatch' });
    if (!form.code_verifier || s256(form.code_verifier) !== grant.codeChallenge) return answer(res, 400, { error: 'invalid_grant' });
    const tokens = typeof grant.tokens === 'function' ? await grant.tokens() : grant.tokens;
    return answer(res, 200, { token_type: 'Bearer', expires_in: 3600, ...tokens });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => answer(res, 500, { error: 'server_error' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return {
    domain: `http://127.0.0.1:${address.port}${prefix}`,
    issueCode(grant) {
      const code = randomUUID();
      codes.set(code, grant);
      return code;
    },
    requests,
    failNext(status, body) {
      forced = { status, body };
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
