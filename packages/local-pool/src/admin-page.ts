import type { ServiceSnapshot } from './pool-snapshot.js';
import type { StoredMessage } from './service-state.js';

/**
 * The admin page at `/_local/`: the service's pools, app clients, users and outbox, server-rendered from a snapshot
 * (see pool-snapshot.ts) with no script, and POST forms for the admin operations the pool has. Every value from the
 * pool passes through `escapeHtml`: usernames and attributes are whatever sign-ups sent.
 */

export interface AdminPageOptions {
  snapshot: ServiceSnapshot;
  /** Sent back by every form; requests without it are refused (see local-admin-routes.ts). */
  formToken: string;
  /** The outcome of the last action, shown above the pools. */
  notice?: { ok: boolean; text: string };
}

/** An action a form on the page asks for, and the Cognito operation that does it. */
export const ADMIN_ACTIONS = {
  confirm: { label: 'Confirm sign-up', operation: 'AdminConfirmSignUp' },
  disable: { label: 'Disable', operation: 'AdminDisableUser' },
  enable: { label: 'Enable', operation: 'AdminEnableUser' },
  resetPassword: { label: 'Reset password', operation: 'AdminResetUserPassword' },
  signOut: { label: 'Sign out everywhere', operation: 'AdminUserGlobalSignOut' },
  delete: { label: 'Delete', operation: 'AdminDeleteUser' },
} as const;

export type AdminAction = keyof typeof ADMIN_ACTIONS;

export function isAdminAction(value: string): value is AdminAction {
  return Object.hasOwn(ADMIN_ACTIONS, value);
}

export function escapeHtml(value: unknown): string {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

type Json = Record<string, unknown>;

function entriesOf(value: unknown): Array<[string, unknown]> {
  const map = (value as { $map?: Array<[string, unknown]> } | undefined)?.$map;
  return Array.isArray(map) ? map : [];
}

function time(ms: unknown): string {
  return typeof ms === 'number' ? new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC') : '';
}

function yesNo(value: unknown): string {
  return value ? 'yes' : 'no';
}

/** Groups, where the pool has them: a user's own list, or the pool's groups that name the user. */
/** The groups a user belongs to: each group lists its members by `sub`. */
function groupsOf(pool: Json, user: Json): string[] {
  return entriesOf(pool.groups)
    .filter(([, group]) => {
      const members = (group as Json | undefined)?.members;
      return Array.isArray(members) && members.includes(user.sub);
    })
    .map(([name]) => name);
}

function actionForm(formToken: string, poolId: string, username: string, action: AdminAction): string {
  const danger = action === 'delete' ? ' class="danger"' : '';
  return `<form method="post" action="/_local/actions">`
    + `<input type="hidden" name="token" value="${escapeHtml(formToken)}">`
    + `<input type="hidden" name="userPoolId" value="${escapeHtml(poolId)}">`
    + `<input type="hidden" name="username" value="${escapeHtml(username)}">`
    + `<button name="action" value="${action}"${danger}>${escapeHtml(ADMIN_ACTIONS[action].label)}</button></form>`;
}

function userCard(pool: Json, username: string, user: Json, formToken: string): string {
  const attributes = entriesOf(user.attributes);
  const groups = groupsOf(pool, user);
  const mfa = [
    user.smsMfaEnabled ? `SMS${user.smsMfaPreferred ? ' (preferred)' : ''}` : '',
    user.totpMfaEnabled ? `TOTP${user.totpMfaPreferred ? ' (preferred)' : ''}` : '',
    user.emailMfaEnabled ? `email${user.emailMfaPreferred ? ' (preferred)' : ''}` : '',
  ].filter(Boolean);
  // Devices ConfirmDevice kept; an issued device never confirmed cannot sign in, so it is not shown.
  const devices = entriesOf(user.devices)
    .map(([key, device]) => ({ key, device: device as Json }))
    .filter(({ device }) => typeof device.verifier === 'string');
  const passkeys = Array.isArray(user.passkeys) ? (user.passkeys as Json[]) : [];
  const actions: AdminAction[] = [
    ...(user.status === 'UNCONFIRMED' ? (['confirm'] as const) : []),
    user.enabled === false ? 'enable' : 'disable',
    'resetPassword',
    'signOut',
    'delete',
  ];
  return `<article class="user">
  <header><h4>${escapeHtml(username)}</h4>
    <span class="badge status-${escapeHtml(String(user.status).toLowerCase())}">${escapeHtml(user.status)}</span>
    <span class="badge ${user.enabled === false ? 'off' : 'on'}">${user.enabled === false ? 'disabled' : 'enabled'}</span></header>
  <dl>
    <dt>Created</dt><dd>${escapeHtml(time(user.createdAt))}</dd>
    <dt>MFA</dt><dd>${mfa.length > 0 ? escapeHtml(mfa.join(', ')) : 'none'}${user.pendingTotpSecret ? ' · authenticator being set up' : ''}</dd>
    <dt>Groups</dt><dd>${groups.length > 0 ? groups.map((g) => `<span class="tag">${escapeHtml(g)}</span>`).join(' ') : '<span class="muted">none</span>'}</dd>
    <dt>Devices</dt><dd>${devices.length > 0 ? devices.map(({ key, device }) => `<span class="tag"><code>${escapeHtml(key)}</code>${device.name ? ` ${escapeHtml(device.name)}` : ''} · ${device.remembered ? 'remembered' : 'not remembered'}</span>`).join(' ') : '<span class="muted">none</span>'}</dd>
    ${passkeys.length > 0 ? `<dt>Passkeys</dt><dd>${passkeys.map((p) => `${escapeHtml(String(p.friendlyName))} <code>${escapeHtml(String(p.credentialId).slice(0, 12))}…</code>`).join(', ')}</dd>` : ''}
    ${user.lockedUntil ? `<dt>Locked until</dt><dd>${escapeHtml(time(user.lockedUntil))}</dd>` : ''}
  </dl>
  <table class="attributes"><tbody>${attributes.map(([name, value]) => `<tr><th>${escapeHtml(name)}</th><td>${escapeHtml(value)}</td></tr>`).join('')}</tbody></table>
  <div class="actions">${actions.map((action) => actionForm(formToken, String(pool.id), username, action)).join('')}</div>
</article>`;
}

function poolSection(snapshot: ServiceSnapshot, pool: Json, formToken: string): string {
  const clients = new Map(snapshot.collections.clients ?? []);
  const clientIds = Array.isArray(pool.clients) ? pool.clients.map(String) : [];
  const users = entriesOf(pool.users);
  return `<section class="pool">
  <h2>${escapeHtml(pool.name)} <code>${escapeHtml(pool.id)}</code></h2>
  <p class="muted">MFA ${escapeHtml(pool.mfaConfiguration)}${pool.softwareTokenMfa ? ' · TOTP' : ''}${pool.smsMfa ? ' · SMS' : ''} · created ${escapeHtml(time(pool.createdAt))}</p>
  <h3>App clients</h3>
  <div class="scroll"><table class="nowrap"><thead><tr><th>Name</th><th>Client id</th><th>Secret</th><th>Auth flows</th></tr></thead><tbody>
  ${clientIds.map((id) => {
    const client = (clients.get(id) ?? {}) as Json;
    const flows = Array.isArray(client.explicitAuthFlows) ? client.explicitAuthFlows.join(', ') : '';
    return `<tr><td>${escapeHtml(client.name ?? '')}</td><td><code>${escapeHtml(id)}</code></td><td>${yesNo(client.secret)}</td><td>${escapeHtml(flows)}</td></tr>`;
  }).join('')}
  </tbody></table></div>
  <h3>Users <span class="muted">(${users.length})</span></h3>
  ${users.length > 0 ? `<div class="users">${users.map(([name, user]) => userCard(pool, name, user as Json, formToken)).join('')}</div>` : '<p class="muted">No users yet.</p>'}
</section>`;
}

function outboxSection(outbox: readonly StoredMessage[], poolNames: ReadonlyMap<string, string>): string {
  const newest = [...outbox].reverse();
  return `<section>
  <h2>Outbox <span class="muted">(${outbox.length}; newest first; also as JSON at <a href="/_local/messages">/_local/messages</a>)</span></h2>
  ${newest.length === 0 ? '<p class="muted">No messages sent yet.</p>' : `<div class="scroll"><table class="nowrap"><thead><tr><th>Sent</th><th>Pool</th><th>User</th><th>To</th><th>Purpose</th><th>Code</th></tr></thead><tbody>
  ${newest.map((m) => `<tr><td>${escapeHtml(time(m.at))}</td><td>${escapeHtml(poolNames.get(m.userPoolId) ?? m.userPoolId)}</td><td>${escapeHtml(m.username)}</td><td>${escapeHtml(m.medium)} ${escapeHtml(m.destination)}</td><td>${escapeHtml(m.purpose)}</td><td><code>${escapeHtml(m.code)}</code></td></tr>`).join('')}
  </tbody></table></div>`}
</section>`;
}

const STYLE = `
:root { color-scheme: light; font: 15px/1.45 system-ui, sans-serif; color: #1d2430; background: #f5f6f8; }
body { margin: 0 auto; padding: 16px; max-width: 1200px; }
h1 { font-size: 1.4rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 0 0 4px; overflow-wrap: anywhere; }
h3 { font-size: 1rem; margin: 16px 0 8px; } h4 { margin: 0; font-size: 1rem; overflow-wrap: anywhere; }
section { background: #fff; border: 1px solid #dde1e7; border-radius: 8px; padding: 16px; margin: 16px 0; }
code { font: 0.85em ui-monospace, monospace; overflow-wrap: anywhere; }
.muted { color: #5d6673; font-weight: normal; }
.scroll { overflow-x: auto; }
table.nowrap th, table.nowrap td { white-space: nowrap; overflow-wrap: normal; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eceef2; vertical-align: top; overflow-wrap: anywhere; }
.users { display: grid; grid-template-columns: repeat(auto-fill, minmax(320px, 1fr)); gap: 12px; }
.user { border: 1px solid #dde1e7; border-radius: 6px; padding: 12px; min-width: 0; }
.user header { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-bottom: 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0 0 8px; font-size: 0.9rem; }
dt { color: #5d6673; } dd { margin: 0; min-width: 0; overflow-wrap: anywhere; }
.attributes th { width: 40%; color: #5d6673; font-weight: normal; }
.badge, .tag { font-size: 0.75rem; padding: 1px 8px; border-radius: 999px; background: #e8ecf2; }
.status-confirmed, .on { background: #dff3e4; color: #1b5e2b; } .status-unconfirmed, .status-force_change_password, .status-reset_required { background: #fff1d6; color: #7a4b00; }
.off { background: #fde2e2; color: #8a1c1c; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; } form { margin: 0; }
button { font: inherit; font-size: 0.85rem; padding: 4px 10px; border-radius: 6px; border: 1px solid #b8c0cc; background: #fff; cursor: pointer; }
button.danger { border-color: #d9a3a3; color: #8a1c1c; }
.notice { padding: 10px 14px; border-radius: 6px; margin: 12px 0; } .notice.ok { background: #dff3e4; } .notice.error { background: #fde2e2; }
@media (max-width: 480px) { body { padding: 8px; } section { padding: 12px; } .users { grid-template-columns: 1fr; } }
`;

export function renderAdminPage({ snapshot, formToken, notice }: AdminPageOptions): string {
  const pools = snapshot.pools.map((pool) => pool.record);
  const poolNames = new Map(pools.map((pool) => [String(pool.id), String(pool.name)]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local user pool</title><style>${STYLE}</style></head>
<body>
<h1>Local user pool</h1>
<p class="muted">${pools.length} pool${pools.length === 1 ? '' : 's'} · as of ${escapeHtml(time(snapshot.savedAt))} · <a href="/_local/">reload</a> · <a href="/_local/export" download="local-pool.json">export as JSON</a></p>
${notice ? `<p class="notice ${notice.ok ? 'ok' : 'error'}" role="status">${escapeHtml(notice.text)}</p>` : ''}
${pools.length === 0 ? '<section><p class="muted">No pools yet: create one with CreateUserPool.</p></section>' : pools.map((pool) => poolSection(snapshot, pool, formToken)).join('\n')}
${outboxSection(snapshot.outbox, poolNames)}
</body></html>`;
}
