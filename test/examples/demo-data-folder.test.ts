import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { totpCode } from '@cognito-auth-machine/local-pool';
import { startDemoBackend } from '../../examples/demo/demo-backend.js';
import { DEMO_PASSWORD, QUIZ } from '../../examples/demo-pool.js';

const dataDir = mkdtempSync(join(tmpdir(), 'demo-data-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

it('npm start on a kept data folder reopens the demo pools: no second seeding, same users, quiz and authenticators', async () => {
  const first = await startDemoBackend({ port: 0, dataDir });
  expect(first.reopened).toBe(false);
  const before = await first.server.cognito.exportData();
  await first.server.close();

  const second = await startDemoBackend({ port: 0, dataDir });
  try {
    expect(second.reopened).toBe(true);
    const after = await second.server.cognito.exportData();
    expect(after.pools.map((pool) => pool.record.id)).toEqual(before.pools.map((pool) => pool.record.id));
    const users = (snapshot: typeof after) =>
      snapshot.pools.flatMap((pool) => (pool.record.users as { $map: Array<[string, unknown]> }).$map.map(([name]) => name));
    expect(users(after)).toEqual(users(before));
    expect(second.config.userPoolId).toBe(first.config.userPoolId);
    expect(second.config.authenticators).toEqual(first.config.authenticators);

    const { pool, users: demoUsers } = second.demo;
    const send = (operation: string, input: Record<string, unknown>) => second.server.cognito.send(operation, input) as Promise<Record<string, any>>;
    // The authenticator secret shown by the page still makes codes the pool takes.
    const totp = await send('InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: demoUsers.totp, PASSWORD: DEMO_PASSWORD } });
    expect(totp.ChallengeName).toBe('SOFTWARE_TOKEN_MFA');
    const signedIn = await send('RespondToAuthChallenge', {
      ClientId: pool.clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: totp.Session,
      ChallengeResponses: { USERNAME: demoUsers.totp, SOFTWARE_TOKEN_MFA_CODE: totpCode(demoUsers.totpSecret, second.server.cognito.clock.now()) },
    });
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    // The quiz triggers are attached again: functions are not part of the data.
    const quiz = await send('InitiateAuth', { AuthFlow: 'CUSTOM_AUTH', ClientId: pool.clientId, AuthParameters: { USERNAME: demoUsers.quiz } });
    expect(quiz.ChallengeParameters?.question).toBe(QUIZ.question);
  } finally {
    await second.server.close();
  }
});
