import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { Secret, isSecret } from '../../machines/secret.js';

describe('Secret', () => {
  const secret = new Secret('Passw0rd!x');

  it('reads back only through reveal()', () => {
    expect(secret.reveal()).toBe('Passw0rd!x');
  });

  it('JSON, String(), template strings and util.inspect see "[redacted]"', () => {
    expect(JSON.stringify({ password: secret })).toBe('{"password":"[redacted]"}');
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(inspect(secret)).toBe('[redacted]');
    expect(inspect({ password: secret })).not.toContain('Passw0rd!x');
  });

  it('a structured clone does not carry the value', () => {
    expect(JSON.stringify(structuredClone(secret))).not.toContain('Passw0rd!x');
  });

  it('isSecret tells Secrets from strings', () => {
    expect(isSecret(secret)).toBe(true);
    expect(isSecret('[redacted]')).toBe(false);
  });
});
