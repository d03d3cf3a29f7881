import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/troubleshooting.md explains every error name a user can meet, and only those. The names come from the code:
 * the library's own (`new AuthError('…'` in the client's sources, and the facade's `AmplifyAuthError`), the
 * exceptions the error mapping treats as retryable, and the exceptions Cognito documents for each operation the
 * client calls (the `@throws` of the AWS SDK's command of that name; services/cognito-api.ts lists the operations).
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const CLIENT_SOURCES = ['machines', 'services', 'adapters', 'runtime', 'amplify-facade'];
const SDK_COMMANDS = 'node_modules/@aws-sdk/client-cognito-identity-provider/dist-types/commands';
/** The SDK's base class of every Cognito exception: never a name an error carries. */
const SDK_BASE_EXCEPTION = 'CognitoIdentityProviderServiceException';

function typescriptFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return typescriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function libraryNames(): Set<string> {
  const files = [...CLIENT_SOURCES.flatMap(typescriptFiles), ...readdirSync(root).filter((n) => n.endsWith('.ts') && !n.endsWith('.config.ts'))];
  const names = new Set<string>();
  for (const file of files) {
    for (const match of read(file).matchAll(/new (?:Amplify)?AuthError\(\s*'(\w+)'/g)) names.add(match[1]!);
  }
  const retryable = /RETRYABLE_EXCEPTIONS[^=]*=\s*new Set\(\[([^\]]*)\]/.exec(read('services/error-mapping.ts'))?.[1] ?? '';
  for (const match of retryable.matchAll(/'(\w+)'/g)) names.add(match[1]!);
  return names;
}

function cognitoOperations(): string[] {
  const api = read('services/cognito-api.ts');
  const body = /export interface CognitoOperations \{([\s\S]*?)\n\}/.exec(api)?.[1] ?? '';
  return [...body.matchAll(/^ {2}(\w+): \{/gm)].map((m) => m[1]!);
}

function cognitoNames(operations: string[]): Set<string> {
  const names = new Set<string>();
  for (const operation of operations) {
    const command = read(join(SDK_COMMANDS, `${operation}Command.d.ts`));
    for (const match of command.matchAll(/@throws \{@link (\w+)\}/g)) if (match[1] !== SDK_BASE_EXCEPTION) names.add(match[1]!);
  }
  return names;
}

function explainedNames(): string[] {
  return [...read('docs/troubleshooting.md').matchAll(/^### `(\w+)`/gm)].map((m) => m[1]!);
}

describe('docs/troubleshooting.md', () => {
  const operations = cognitoOperations();
  const produced = new Set([...libraryNames(), ...cognitoNames(operations)]);
  const explained = explainedNames();

  it('finds the names it checks against', () => {
    expect(operations).toEqual(expect.arrayContaining(['SignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'ForgotPassword']));
    for (const name of ['ValidationError', 'NetworkError', 'SessionExpiredError', 'CodeMismatchException', 'ThrottlingException']) {
      expect([...produced]).toContain(name);
    }
  });

  it('explains every error name the code can produce', () => {
    expect([...produced].filter((name) => !explained.includes(name)).sort()).toEqual([]);
  });

  it('explains no name that nothing produces, and each name once', () => {
    expect(explained.filter((name) => !produced.has(name))).toEqual([]);
    expect(explained.filter((name, i) => explained.indexOf(name) !== i)).toEqual([]);
  });

  it('gives each name what it means and what to do', () => {
    const sections = read('docs/troubleshooting.md').split(/^### /m).slice(1);
    for (const section of sections) {
      const name = /^`(\w+)`/.exec(section)?.[1];
      expect(section, name).toMatch(/\*\*Means:\*\*/);
      expect(section, name).toMatch(/\*\*Do:\*\*/);
    }
  });
});
