import { describe, expect, it } from 'vitest';
import { sameSubject } from './authorize.ts';

describe('subject matching for configured groups', () => {
  it('ignores order, separators and the case of attribute types, not of values', () => {
    expect(sameSubject('CN=app, O=Example', 'O=Example\nCN=app')).toBe(true);
    expect(sameSubject('cn=app,o=Example', 'O=Example, CN=app')).toBe(true);
    expect(sameSubject('CN=App, O=Example', 'O=Example\nCN=app')).toBe(false);
    expect(sameSubject('CN=app', 'O=Example\nCN=app')).toBe(false);
    expect(sameSubject('', '')).toBe(false);
  });
});
