/**
 * `npm run schema:fetch -- --live`: introspects the configured AGG with the configured credentials
 * (through the transport, so auth, X-ExperimentalApi, 429 rules and budgets apply) and writes
 * graphql/agg.introspection.json and graphql/agg.live.graphql; the live SDL then replaces the rebuilt one.
 */
import { join, resolve } from 'node:path';
import { buildClientSchema, getIntrospectionQuery, printSchema, type IntrospectionQuery } from 'graphql';
import { loadDotEnv } from '../../sources/config/dotenv.ts';
import { loadSettings } from '../../sources/config/load-settings.ts';
import { createTransport } from '../../sources/transport/create-transport.ts';
import { readJsonBody } from '../../sources/transport/read-json-body.ts';
import { AGG_FILES } from './agg.ts';
import { writeFileAtomic } from './write-atomic.ts';

export async function introspectLiveAgg(options: { root: string; log: (line: string) => void }): Promise<void> {
  loadDotEnv(resolve(options.root, '.env'), process.env);
  const settings = loadSettings(process.env);
  if (settings.mode !== 'live') {
    throw new Error('--live needs Atlassian credentials (see README "Live mode"); none are configured, so the gateway would be in sandbox mode');
  }
  const transport = createTransport({ settings });
  try {
    const response = await transport.fetch(settings.upstreams.agg.baseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }), operationName: 'IntrospectionQuery' }),
    });
    const body = (await readJsonBody(response, 'agg')) as { data?: IntrospectionQuery; errors?: { message: string }[] };
    if (!body.data?.__schema) {
      const reason = body.errors?.map((e) => e.message).join('; ') ?? 'no data';
      throw new Error(`AGG introspection failed: ${reason}`);
    }
    // Validate before anything replaces the working schema.
    const sdl = printSchema(buildClientSchema(body.data));
    writeFileAtomic(join(options.root, AGG_FILES.liveIntrospection), JSON.stringify(body.data) + '\n');
    writeFileAtomic(join(options.root, AGG_FILES.liveSdl), sdl + '\n');
    writeFileAtomic(join(options.root, AGG_FILES.sdl), sdl + '\n');
    options.log(`schema:fetch --live: ${body.data.__schema.types.length} AGG types from ${settings.upstreams.agg.baseUrl}`);
  } finally {
    await transport.close();
  }
}
