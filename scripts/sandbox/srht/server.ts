/**
 * todo.sr.ht GraphQL sandbox: graphql-yoga over the real SDL (graphql/todo-srht.graphql)
 * at /query. Anonymous calls are accepted (sandbox mode has no credentials); a present
 * Authorization header must be `Bearer <token>`, else 401, as on sourcehut.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GraphQLError, defaultFieldResolver, isObjectType, type GraphQLSchema } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { getSrhtDataset, type SrhtDataset } from '../data/srht-dataset.ts';
import { StatsCounter, UNMATCHED_ROUTE, listen, sendJson, type ListenOptions, type SandboxServerHandle } from '../http/server.ts';
import { createSrhtResolvers } from './resolvers.ts';

export const SRHT_SDL_PATH = fileURLToPath(new URL('../../../graphql/todo-srht.graphql', import.meta.url));

export interface SrhtSandboxOptions extends ListenOptions {
  dataset?: SrhtDataset;
  /** Defaults to graphql/todo-srht.graphql. */
  sdlPath?: string;
}

/**
 * Fields without a resolver read the parent's property; when the sandbox has no data for
 * one (webhooks, ACL lists, mutations) the caller gets an error naming the field instead
 * of a misleading null.
 */
function guardUnimplementedFields(schema: GraphQLSchema): void {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.resolve && field.resolve !== defaultFieldResolver) continue;
      const where = `${type.name}.${field.name}`;
      field.resolve = (source: unknown, args, context, info) => {
        if (type.name === 'Mutation') throw new GraphQLError(`The todo.sr.ht sandbox is read-only; ${where} is not available.`);
        if (source !== null && typeof source === 'object' && field.name in source) return defaultFieldResolver(source, args, context, info);
        throw new GraphQLError(`The todo.sr.ht sandbox does not implement ${where}.`);
      };
    }
  }
}

export function createSrhtSchema(dataset: SrhtDataset, sdlPath = SRHT_SDL_PATH): GraphQLSchema {
  const schema = createSchema({ typeDefs: readFileSync(sdlPath, 'utf8'), resolvers: createSrhtResolvers(dataset) });
  guardUnimplementedFields(schema);
  return schema;
}

/** Starts the todo.sr.ht sandbox; `url` is the GraphQL endpoint (…/query). */
export async function startSrhtSandbox(options: SrhtSandboxOptions = {}): Promise<SandboxServerHandle> {
  const yoga = createYoga({
    schema: createSrhtSchema(options.dataset ?? getSrhtDataset(), options.sdlPath),
    graphqlEndpoint: '/query',
    graphiql: false,
    logging: false,
    maskedErrors: false,
    landingPage: false,
  });
  const stats = new StatsCounter();
  const { origin, close } = await listen((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://sandbox.local').pathname;
    if (path !== '/query') {
      stats.count(UNMATCHED_ROUTE);
      sendJson(res, 404, { errors: [{ message: `The todo.sr.ht sandbox serves GraphQL at /query only; ${method} ${path} is not implemented.` }] });
      return;
    }
    stats.count(`${method} /query`);
    const authorization = req.headers.authorization;
    if (authorization !== undefined && !/^Bearer \S+$/.test(authorization)) {
      sendJson(res, 401, { errors: [{ message: 'Invalid Authorization header: expected "Bearer <token>".' }] });
      return;
    }
    return yoga(req, res);
  }, options);
  return { url: `${origin}/query`, close, stats: () => stats.snapshot(), resetStats: () => stats.reset() };
}
