import { describe, expect, it } from 'vitest';
import { parse, print, stripIgnoredCharacters } from 'graphql';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { GRAPHIQL_INTROSPECTION_QUERY, isIntrospectionOnly, useIntrospectionCache } from '../../server/plugins/use-introspection-cache.ts';

function countingYoga(warmUp: boolean, warmUpAfterIdleMs?: number, extra: { plugins?: Plugin[]; maxEntries?: number; slowMs?: number } = {}) {
  const executed: string[] = [];
  const countExecutions: Plugin = {
    onExecute({ args }) {
      executed.push(args.operationName ?? 'anonymous');
    },
  };
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String slow: String }',
      resolvers: { Query: { hello: () => 'hi', slow: () => new Promise((resolve) => setTimeout(() => resolve('done'), extra.slowMs ?? 0)) } },
    }),
    plugins: [useIntrospectionCache({ warmUp, warmUpAfterIdleMs, ...(extra.maxEntries ? { maxEntries: extra.maxEntries } : {}) }), countExecutions, ...(extra.plugins ?? [])],
    logging: false,
    batching: { limit: 10 },
  });
  const introspect = async (query: string) => {
    const response = await yoga.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, operationName: 'IntrospectionQuery' }),
    });
    return (await response.json()) as { data?: { __schema?: { queryType?: { name?: string } } } };
  };
  const hello = async () => {
    const response = await yoga.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ hello }' }) });
    return (await response.json()) as { data?: { hello?: string } };
  };
  const post = async (body: unknown) => {
    const response = await yoga.fetch('http://127.0.0.1/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await response.json()) as unknown;
  };
  return { yoga, executed, introspect, hello, post };
}

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('introspection cache', () => {
  it('recognises introspection-only operations, through fragments too', () => {
    expect(isIntrospectionOnly(parse(GRAPHIQL_INTROSPECTION_QUERY))).toBe(true);
    expect(isIntrospectionOnly(parse('{ __typename ...F } fragment F on Query { __schema { description } }'))).toBe(true);
    expect(isIntrospectionOnly(parse('{ __schema { description } jiraIssues(jql: "x") { totalCount } }'))).toBe(false);
    expect(isIntrospectionOnly(parse('mutation { __typename }'))).toBe(false);
    expect(isIntrospectionOnly(parse('query A { __typename } query B { x }'), 'B')).toBe(false);
  });

  it('judges each fragment once: a 40-level chain spreading each fragment twice (2^40 paths) returns at once', () => {
    const chain = (leaf: string) =>
      `{ ...F0 }\n${Array.from({ length: 40 }, (_, index) => `fragment F${index} on Query { ...F${index + 1} ...F${index + 1} }`).join('\n')}\nfragment F40 on Query { ${leaf} }`;
    expect(isIntrospectionOnly(parse(chain('__typename')))).toBe(true);
    expect(isIntrospectionOnly(parse(chain('__typename hello')))).toBe(false);
    expect(isIntrospectionOnly(parse('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A __typename }'))).toBe(false);
  });

  it('warms up with exactly the document the bundled GraphiQL sends (semantically)', () => {
    // Captured from GraphiQL 5 in Chromium against the gateway: a minified getIntrospectionQuery
    // with descriptions, schema description and input value deprecation.
    const sentByGraphiQL =
      'query IntrospectionQuery{__schema{description queryType{name kind}mutationType{name kind}subscriptionType{name kind}types{...FullType}directives{name description locations args(includeDeprecated:true){...InputValue}}}}fragment FullType on __Type{kind name description fields(includeDeprecated:true){name description args(includeDeprecated:true){...InputValue}type{...TypeRef}isDeprecated deprecationReason}inputFields(includeDeprecated:true){...InputValue}interfaces{...TypeRef}enumValues(includeDeprecated:true){name description isDeprecated deprecationReason}possibleTypes{...TypeRef}}fragment InputValue on __InputValue{name description type{...TypeRef}defaultValue isDeprecated deprecationReason}fragment TypeRef on __Type{kind name ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind ofType{name kind}}}}}}}}}}';
    expect(print(parse(GRAPHIQL_INTROSPECTION_QUERY))).toBe(print(parse(sentByGraphiQL)));
  });

  it('with warm-up on, GraphiQL\'s first introspection is served without executing', async () => {
    const { executed, introspect } = countingYoga(true, 50);
    await waitFor(() => executed.length === 1); // the background warm-up, once idle
    const answer = await introspect(stripIgnoredCharacters(GRAPHIQL_INTROSPECTION_QUERY));
    expect(answer.data?.__schema?.queryType?.name).toBe('Query');
    expect(executed).toEqual(['IntrospectionQuery']);
  });

  it('without warm-up, the first introspection executes and the second is cached', async () => {
    const { executed, introspect } = countingYoga(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(executed).toEqual([]);
    expect((await introspect(GRAPHIQL_INTROSPECTION_QUERY)).data?.__schema?.queryType?.name).toBe('Query');
    expect((await introspect(GRAPHIQL_INTROSPECTION_QUERY)).data?.__schema?.queryType?.name).toBe('Query');
    expect(executed).toEqual(['IntrospectionQuery']);
  });

  it('concurrent requests for the same introspection share one computation', async () => {
    const { executed, introspect } = countingYoga(false);
    const answers = await Promise.all([introspect(GRAPHIQL_INTROSPECTION_QUERY), introspect(GRAPHIQL_INTROSPECTION_QUERY), introspect(stripIgnoredCharacters(GRAPHIQL_INTROSPECTION_QUERY))]);
    expect(answers.map((answer) => answer.data?.__schema?.queryType?.name)).toEqual(['Query', 'Query', 'Query']);
    expect(executed).toEqual(['IntrospectionQuery']);
  });

  it('warm-up waits while the gateway is busy, and starts at once when the GraphiQL page loads', async () => {
    const { yoga, executed, hello } = countingYoga(true, 300);
    const busyUntil = Date.now() + 900;
    while (Date.now() < busyUntil) {
      expect((await hello()).data?.hello).toBe('hi');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(executed.filter((name) => name === 'IntrospectionQuery')).toEqual([]);
    const page = await yoga.fetch('http://127.0.0.1/graphql', { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    await waitFor(() => executed.includes('IntrospectionQuery'), 200); // well before 300 ms of quiet
  });

  // Batch items share one Request and are processed together: they must neither wait on each
  // other nor be answered with the cache's placeholder.
  it('batches: identical or different introspections in one batch answer at once, and leave nothing behind', async () => {
    const { post, introspect } = countingYoga(false);
    const typeName = { query: '{ __schema { queryType { name } } }' };
    const started = performance.now();
    const identical = (await post([typeName, typeName])) as Array<{ data?: { __schema?: { queryType?: { name?: string } } } }>;
    expect(identical.map((item) => item.data?.__schema?.queryType?.name)).toEqual(['Query', 'Query']);
    const different = (await post([{ query: '{ a: __typename }' }, { query: '{ b: __typename }' }])) as Array<{ data?: Record<string, string> }>;
    expect(different.map((item) => item.data)).toEqual([{ a: 'Query' }, { b: 'Query' }]);
    // Single requests afterwards: nothing stale to wait for.
    expect((await post({ query: '{ a: __typename }' })) as unknown).toEqual({ data: { a: 'Query' } });
    expect((await introspect(GRAPHIQL_INTROSPECTION_QUERY)).data?.__schema?.queryType?.name).toBe('Query');
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('a cached introspection inside a batch gets the real answer', async () => {
    const { post, introspect } = countingYoga(false);
    await introspect(GRAPHIQL_INTROSPECTION_QUERY); // now cached
    const batch = (await post([{ query: GRAPHIQL_INTROSPECTION_QUERY, operationName: 'IntrospectionQuery' }, { query: '{ hello }' }])) as Array<{ data?: Record<string, unknown> | null }>;
    expect((batch[0].data?.__schema as { queryType?: { name?: string } } | undefined)?.queryType?.name).toBe('Query');
    expect(batch[1].data).toEqual({ hello: 'hi' });
  });

  it('a hit keeps its bytes even if the entry is evicted before the answer is written', async () => {
    // A later plugin delays hits long enough for other introspections to evict the entry.
    const delayFirstHits: Plugin = {
      async onParams({ params }) {
        if (params.query === '{ first: __typename }') await new Promise((resolve) => setTimeout(resolve, 50));
      },
    };
    const { post } = countingYoga(false, undefined, { maxEntries: 1, plugins: [delayFirstHits] });
    expect(await post({ query: '{ first: __typename }' })).toEqual({ data: { first: 'Query' } });
    const delayedHit = post({ query: '{ first: __typename }' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await post({ query: '{ second: __typename }' })).toEqual({ data: { second: 'Query' } }); // evicts "first"
    expect(await delayedHit).toEqual({ data: { first: 'Query' } });
    expect(await post({ query: '{ first: __typename }' })).toEqual({ data: { first: 'Query' } });
  });

  it("yoga's own early answers (health check) do not make a busy gateway look idle", async () => {
    const { yoga, executed, post } = countingYoga(true, 100, { slowMs: 600 });
    const slow = post({ query: '{ slow }' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await yoga.fetch('http://127.0.0.1/health')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 350)); // idle timer would fire by now if the count were off
    expect(executed.includes('IntrospectionQuery')).toBe(false);
    expect(await slow).toEqual({ data: { slow: 'done' } });
    await waitFor(() => executed.includes('IntrospectionQuery'));
  });
});
