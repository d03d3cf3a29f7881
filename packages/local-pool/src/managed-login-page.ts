/**
 * The local pool's managed-login pages: plain server-rendered HTML, no scripts, no external resources. Every value
 * shown is escaped; every form posts back to the page's own path with the authorize request in its query.
 */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;display:flex;justify-content:center}
main{background:#fff;margin:3rem 1rem;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:22rem}
h1{font-size:1.3rem;margin-top:0}label{display:block;margin:.8rem 0 .2rem}input,select{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}
button{margin-top:1.2rem;width:100%;padding:.6rem;font-size:1rem;background:#0b5fff;color:#fff;border:0;border-radius:4px;cursor:pointer}
.error{background:#fde8e8;color:#8a1c1c;padding:.6rem;border-radius:4px}.note{color:#555;font-size:.85rem}
.provider{background:#333}a.button{display:block;box-sizing:border-box;text-align:center;text-decoration:none;color:#fff;margin-top:1.2rem;padding:.6rem;border-radius:4px}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

function hidden(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
}

export interface LoginPageOptions {
  action: string;
  formToken: string;
  poolName: string;
  error?: string;
  username?: string;
  /** Identity providers of the client besides COGNITO: a button each. */
  providers: Array<{ name: string; href: string }>;
  /** False when the client does not list COGNITO: only the provider buttons are shown. */
  passwordForm: boolean;
}

export function renderLoginPage(options: LoginPageOptions): string {
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '';
  const form = options.passwordForm
    ? `<form method="post" action="${escapeHtml(options.action)}">${hidden({ _csrf: options.formToken })}` +
      `<label for="username">Username</label><input id="username" name="username" autocomplete="username" required value="${escapeHtml(options.username ?? '')}">` +
      `<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>` +
      `<button type="submit">Sign in</button></form>`
    : '';
  const providers = options.providers
    .map((p) => `<a class="button provider" href="${escapeHtml(p.href)}">Continue with ${escapeHtml(p.name)}</a>`)
    .join('');
  return page('Sign in', `<h1>Sign in to ${escapeHtml(options.poolName)}</h1>${error}${form}${providers}` +
    `<p class="note">Local user pool: no mail or SMS leaves this machine; codes are in the outbox (/_local/messages).</p>`);
}

export interface MfaPageOptions {
  action: string;
  formToken: string;
  loginSession: string;
  challenge: 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA';
  destination?: string;
  error?: string;
}

export function renderMfaPage(options: MfaPageOptions): string {
  const error = options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : '';
  const what = options.challenge === 'SMS_MFA'
    ? `We sent a code by SMS to ${escapeHtml(options.destination ?? 'your phone')}.`
    : 'Enter the code from your authenticator app.';
  return page('Verify your sign-in', `<h1>Verify your sign-in</h1>${error}<p>${what}</p>` +
    `<form method="post" action="${escapeHtml(options.action)}">${hidden({ _csrf: options.formToken, login_session: options.loginSession })}` +
    `<label for="code">Code</label><input id="code" name="code" inputmode="numeric" autocomplete="one-time-code" required>` +
    `<button type="submit">Verify</button></form>`);
}

export function renderErrorPage(message: string): string {
  return page('Error', `<h1>An error was encountered with the requested page.</h1><p class="error">${escapeHtml(message)}</p>`);
}

export interface TestProviderPageOptions {
  action: string;
  formToken: string;
  providerName: string;
  providerType: string;
  /** Identities signed in with before, to pick again. */
  known: Array<{ sub: string; label: string }>;
}

/** The built-in test identity provider: the developer picks or types the identity the provider would assert. */
export function renderTestProviderPage(options: TestProviderPageOptions): string {
  const known = options.known
    .map((k) => `<form method="post" action="${escapeHtml(options.action)}">${hidden({ _csrf: options.formToken, sub: k.sub })}` +
      `<button type="submit" class="provider">${escapeHtml(k.label)}</button></form>`)
    .join('');
  return page(`${options.providerName} (test provider)`, `<h1>${escapeHtml(options.providerName)}</h1>` +
    `<p class="note">Test identity provider of the local user pool (type ${escapeHtml(options.providerType)}): no real provider is contacted. ` +
    `Pick an identity or type one; its claims go through the provider's attribute mapping.</p>${known}` +
    `<form method="post" action="${escapeHtml(options.action)}">${hidden({ _csrf: options.formToken })}` +
    `<label for="sub">Subject (sub)</label><input id="sub" name="sub" required>` +
    `<label for="email">email</label><input id="email" name="email" type="email">` +
    `<label for="name">name</label><input id="name" name="name">` +
    `<label for="claims">More claims (JSON object, optional)</label><input id="claims" name="claims" placeholder='{"given_name":"Ana"}'>` +
    `<button type="submit">Sign in as this identity</button></form>`);
}
