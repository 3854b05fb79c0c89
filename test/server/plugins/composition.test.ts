/** The three plugins together, in the order the gateway uses them (see server/plugins/README.md). */
import { describe, expect, it } from 'vitest';
import { createApiKey } from '../../../scripts/new-api-key.ts';
import { createCallerAuthenticator } from '../../../server/auth/caller-auth.ts';
import { useClientRateLimit } from '../../../server/plugins/use-client-rate-limit.ts';
import { DEFAULT_QUERY_LIMITS, useQueryLimits, yogaBatchingOption } from '../../../server/plugins/use-query-limits.ts';
import { useIntrospectionCache } from '../../../server/plugins/use-introspection-cache.ts';
import { afterAll, beforeAll } from 'vitest';
import { createTestYoga, postQuery } from './helpers.ts';
import { type FrontDoorHarness, startFrontDoor } from './front-door-harness.ts';

describe('front door authentication + useQueryLimits + useClientRateLimit', () => {
  const alice = createApiKey();
  const bob = createApiKey();
  const limits = { ...DEFAULT_QUERY_LIMITS, maxCost: 100 };
  let yoga: FrontDoorHarness;
  beforeAll(async () => {
    yoga = await startFrontDoor(
      createTestYoga([useQueryLimits(limits), useClientRateLimit({ operations: { max: 2, window: '1m' }, fields: {} })], {
        batching: yogaBatchingOption(limits),
      }),
      { authenticate: createCallerAuthenticator({ apiKeyHashes: [alice.hash, bob.hash] }) },
    );
  });
  afterAll(() => yoga.close());

  it('makes API keys whose hash the gateway accepts', () => {
    expect(alice.key).toMatch(/^amk_[\w-]{43}$/);
    expect(alice.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(alice.key).not.toBe(bob.key);
  });

  it('authenticates first, rejects costly queries without counting them, then limits per caller', async () => {
    expect((await postQuery(yoga, '{ hello }')).status).toBe(401);
    const asAlice = { headers: { 'x-api-key': alice.key } };
    const costly = await postQuery(yoga, '{ issues(first: 100) { nodes { key } } }', asAlice);
    expect(costly.body.errors?.[0]?.extensions?.limit).toBe('maxCost');
    expect((await postQuery(yoga, '{ whoami }', asAlice)).body).toEqual({ data: { whoami: `apikey:${alice.hash.slice(0, 8)}` } });
    expect((await postQuery(yoga, '{ hello }', asAlice)).status).toBe(200);
    const limited = await postQuery(yoga, '{ hello }', asAlice);
    expect(limited.status).toBe(429);
    expect(limited.body.errors?.[0]?.extensions?.code).toBe('CLIENT_RATE_LIMITED');
    expect((await postQuery(yoga, '{ hello }', { headers: { authorization: `Bearer ${bob.key}` } })).status).toBe(200);
  });
});

describe('useIntrospectionCache behind the front door (the gateway order)', () => {
  const alice = createApiKey();
  let yoga: FrontDoorHarness;
  beforeAll(async () => {
    yoga = await startFrontDoor(createTestYoga([useIntrospectionCache()]), { authenticate: createCallerAuthenticator({ apiKeyHashes: [alice.hash] }) });
  });
  afterAll(() => yoga.close());
  const introspection = '{ __schema { queryType { name } } }';

  it('a cached introspection still needs a caller', async () => {
    expect((await postQuery(yoga, introspection)).status).toBe(401);
    const allowed = await postQuery(yoga, introspection, { headers: { 'x-api-key': alice.key } });
    expect(allowed.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    // Now cached: an anonymous request still gets the 401, not the bytes.
    const anonymous = await postQuery(yoga, introspection);
    expect(anonymous.status).toBe(401);
    expect(JSON.stringify(anonymous.body)).not.toContain('queryType');
  });
});
