import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapeHtml } from '../src/admin-page.js';
import { startLocalCognito, type LocalCognitoServer } from '../src/local-cognito-server.js';
import { createLocalUserPool, type LocalUserPool } from '../src/local-user-pool.js';

let server: LocalCognitoServer;
let pool: LocalUserPool;

beforeAll(async () => {
  server = await startLocalCognito();
  pool = await createLocalUserPool({ cognito: server.cognito, pool: { PoolName: 'admin-page' }, client: { ClientName: 'web app' } });
  await pool.admin.createUser('ada', {
    attributes: [{ Name: 'email', Value: 'ada@example.com' }, { Name: 'name', Value: '<script>alert("x")</script>' }],
  });
  await pool.admin.createUser('bob', { suppress: true });
});

afterAll(async () => {
  await server?.close();
});

async function page(): Promise<string> {
  const response = await fetch(`${server.endpoint}/_local/`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
  return response.text();
}

function formToken(html: string): string {
  return /name="token" value="([^"]+)"/.exec(html)![1]!;
}

const post = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.endpoint}/_local/actions`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  });

describe('the admin page at /_local/', () => {
  it('shows pools, clients, users with their attributes and MFA, and the outbox, all escaped', async () => {
    const html = await page();
    expect(html).toContain(`admin-page <code>${pool.userPoolId}</code>`);
    expect(html).toContain('<td>web app</td>');
    expect(html).toContain(`<code>${pool.clientId}</code>`);
    expect(html).toContain('<h4>ada</h4>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).toContain('FORCE_CHANGE_PASSWORD');
    // ada's invitation is in the outbox, with its temporary password.
    const invitation = server.messages().find((m) => m.username === 'ada' && m.purpose === 'AdminCreateUser')!;
    expect(html).toContain(`<code>${escapeHtml(invitation.code)}</code>`);
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('runs an admin operation from a form of its own, and says what happened', async () => {
    const token = formToken(await page());
    const response = await post({ token, action: 'delete', userPoolId: pool.userPoolId, username: 'bob' });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/_local\/\?notice=/);
    await expect(pool.admin.getUser('bob')).rejects.toMatchObject({ name: 'UserNotFoundException' });
    const after = await (await fetch(new URL(location, server.endpoint))).text();
    expect(after).toContain('Delete: done for bob (AdminDeleteUser).');
    expect(after).not.toContain('<h4>bob</h4>');

    const failed = await post({ token, action: 'resetPassword', userPoolId: pool.userPoolId, username: 'nobody' });
    expect(await (await fetch(new URL(failed.headers.get('location')!, server.endpoint))).text()).toContain('Reset password for nobody failed: UserNotFoundException');
  });

  it("shows a user's groups, and disables and enables the user from the page", async () => {
    await pool.admin.send('CreateGroup', { GroupName: 'editors' });
    await pool.admin.send('AdminAddUserToGroup', { GroupName: 'editors', Username: 'ada' });
    const html = await page();
    const card = html.slice(html.indexOf('<h4>ada</h4>'), html.indexOf('</article>', html.indexOf('<h4>ada</h4>')));
    expect(card).toContain('editors');
    expect(card).toContain('value="disable"');

    const token = formToken(html);
    expect((await post({ token, action: 'disable', userPoolId: pool.userPoolId, username: 'ada' })).status).toBe(303);
    expect(await pool.admin.getUser('ada')).toMatchObject({ Enabled: false });
    const disabled = await page();
    const disabledCard = disabled.slice(disabled.indexOf('<h4>ada</h4>'), disabled.indexOf('</article>', disabled.indexOf('<h4>ada</h4>')));
    expect(disabledCard).toContain('value="enable"');
    expect((await post({ token, action: 'enable', userPoolId: pool.userPoolId, username: 'ada' })).status).toBe(303);
    expect(await pool.admin.getUser('ada')).toMatchObject({ Enabled: true });
  });

  it('refuses forms without its token, and requests from pages of other origins', async () => {
    const token = formToken(await page());
    expect((await post({ action: 'delete', userPoolId: pool.userPoolId, username: 'ada' })).status).toBe(403);
    expect((await post({ token: `${token}x`, action: 'delete', userPoolId: pool.userPoolId, username: 'ada' })).status).toBe(403);
    const crossSite = await post({ token, action: 'delete', userPoolId: pool.userPoolId, username: 'ada' }, { origin: 'http://localhost:5173' });
    expect(crossSite.status).toBe(403);
    const fetchedCrossSite = await post({ token, action: 'delete', userPoolId: pool.userPoolId, username: 'ada' }, { 'sec-fetch-site': 'cross-site' });
    expect(fetchedCrossSite.status).toBe(403);
    expect((await pool.admin.getUser('ada')).Username).toBe('ada');
    expect((await fetch(`${server.endpoint}/_local/actions`)).status).toBe(405);
  });
});
