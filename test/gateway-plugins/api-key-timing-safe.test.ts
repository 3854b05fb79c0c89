/** The plugin's API-key check goes through node's crypto.timingSafeEqual, once per configured hash. */
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

const { useCallerAuth } = await import('../../scripts/gateway/plugins/use-caller-auth.ts');
const { createTestYoga, postQuery } = await import('./helpers.ts');

describe('API key comparison', () => {
  it('uses crypto.timingSafeEqual against every configured hash', async () => {
    const hashes = ['one', 'two', 'three'].map((key) => createHash('sha256').update(key).digest('hex'));
    const yoga = createTestYoga([useCallerAuth({ apiKeyHashes: hashes })]);
    timingSafeEqualSpy.calls = 0;
    const accepted = await postQuery(yoga, '{ whoami }', { headers: { 'x-api-key': 'one' } });
    expect(accepted.status).toBe(200);
    expect(timingSafeEqualSpy.calls).toBe(3);
    timingSafeEqualSpy.calls = 0;
    const rejected = await postQuery(yoga, '{ whoami }', { headers: { 'x-api-key': 'four' } });
    expect(rejected.status).toBe(401);
    expect(timingSafeEqualSpy.calls).toBe(3);
  });
});
