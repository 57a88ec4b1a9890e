import { describe, expect, it } from '@jest/globals';
import { hasInvisibleCharacters, linkProblem } from './safe-link.js';

describe('linkProblem', () => {
  it.each([
    ['http://10.1.2.3/', /private or reserved/],
    ['http://172.31.255.255/', /private or reserved/],
    ['http://100.64.0.1/', /private or reserved/],
    ['http://0177.0.0.1/', /private or reserved/],
    ['http://[::ffff:a00:1]/', /private or reserved/],
    ['http://[fe80::1]/', /private or reserved/],
    ['https://a@b.example/', /user name or password/],
    ['https://:pw@b.example/', /user name or password/],
    ['http://app.localhost/', /this machine/],
    ['ftp://example.org/', /http or https/],
    ['not a url', /not a URL/],
  ])('refuses %s', (link, reason) => {
    expect(linkProblem(link)).toMatch(reason);
  });

  it.each([
    'https://github.com/acme/churn',
    'http://8.8.8.8/',
    'http://172.32.0.1/',
    'https://[2001:4860:4860::8888]/',
    'https://example.org/@user',
  ])('accepts %s', (link) => {
    expect(linkProblem(link)).toBeUndefined();
  });
});

describe('hasInvisibleCharacters', () => {
  it('finds zero-width, bidirectional and control characters, and nothing in ordinary text', () => {
    for (const c of [
      '\u200b',
      '\u200c',
      '\u200d',
      '\u2060',
      '\ufeff',
      '\u202e',
      '\u2066',
      '\u0007',
    ]) {
      expect(hasInvisibleCharacters(`zoe${c}@example.com`)).toBe(true);
    }
    expect(hasInvisibleCharacters('zoë.łukasiewicz+王芳@example.com')).toBe(false);
  });
});
