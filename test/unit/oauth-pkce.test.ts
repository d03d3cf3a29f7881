import { describe, expect, it } from 'vitest';
import { codeChallengeOf, createCodeVerifier, randomAlphanumeric } from '../../services/pkce.js';
import { createOAuthState, customStateOf } from '../../services/oauth-state.js';

describe('PKCE', () => {
  it('computes the S256 challenge of RFC 7636 appendix B', async () => {
    // https://www.rfc-editor.org/rfc/rfc7636#appendix-B
    expect(await codeChallengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('makes verifiers of 128 characters of [A-Za-z0-9], a new one each time', () => {
    const a = createCodeVerifier();
    const b = createCodeVerifier();
    expect(a).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(b).toMatch(/^[A-Za-z0-9]{128}$/);
    expect(a).not.toBe(b);
  });

  it('challenges are base64url without padding (43 characters for SHA-256)', async () => {
    const challenge = await codeChallengeOf(createCodeVerifier());
    expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('draws every character of the alphabet', () => {
    const seen = new Set(randomAlphanumeric(5000));
    expect(seen.size).toBe(62);
  });
});

describe('OAuth state', () => {
  it('is 32 random characters without a custom state', () => {
    const state = createOAuthState();
    expect(state).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(customStateOf(state)).toBeUndefined();
    expect(createOAuthState()).not.toBe(state);
  });

  it('carries a custom state back, whatever its text', () => {
    for (const custom of ['/checkout?item=42', '{"page":"basket"}', 'été ✓ 漢字 😀', '', 'a-b-c']) {
      const state = createOAuthState(custom);
      expect(state).toMatch(/^[A-Za-z0-9]{32}-[0-9a-f]*$/);
      expect(customStateOf(state)).toBe(custom);
    }
  });

  it('reads no custom state from a state it cannot decode', () => {
    expect(customStateOf('abc-zz')).toBeUndefined();
    expect(customStateOf('abc-123')).toBeUndefined();
  });
});
