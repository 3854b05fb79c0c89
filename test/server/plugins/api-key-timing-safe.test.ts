/** The API-key check goes through node's crypto.timingSafeEqual, once per configured hash. */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

const timingSafeEqualSpy = vi.hoisted(() => ({ calls: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:crypto')>();
  return {
    ...original,
    timingSafeEqual: (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
      timingSafeEqualSpy.calls += 1;
      return original.timingSafeEqual(a, b);
    },
  };
});

const { createCallerAuthenticator } = await import('../../../server/auth/caller-auth.ts');

describe('API key comparison', () => {
  it('uses crypto.timingSafeEqual against every configured hash', async () => {
    const hashes = ['one', 'two', 'three'].map((key) => createHash('sha256').update(key).digest('hex'));
    const authenticate = createCallerAuthenticator({ apiKeyHashes: hashes });
    timingSafeEqualSpy.calls = 0;
    const accepted = await authenticate({ authorization: undefined, apiKey: 'one' });
    expect(accepted.status).toBe('authenticated');
    expect(timingSafeEqualSpy.calls).toBe(3);
    timingSafeEqualSpy.calls = 0;
    const rejected = await authenticate({ authorization: undefined, apiKey: 'four' });
    expect(rejected).toEqual({ status: 'rejected', httpStatus: 401 });
    expect(timingSafeEqualSpy.calls).toBe(3);
  });
});
