/** Yoga plugins of the AGG sandbox: per-operation request counts and AGG's beta-header gate. */
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface AggSandboxStats {
  requests: number;
  byOperation: Record<string, number>;
}

export function useRequestStats(stats: AggSandboxStats): Plugin {
  return {
    onParams({ params }) {
      stats.requests += 1;
      // Clients may omit operationName for single-operation documents: count those by the document's name.
      const named = typeof params.query === 'string' ? /\b(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/.exec(params.query)?.[1] : undefined;
      const name = params.operationName ?? named ?? 'anonymous';
      stats.byOperation[name] = (stats.byOperation[name] ?? 0) + 1;
    },
  };
}

/** Beta fields by parent type and field, with the X-ExperimentalApi value each needs. */
const BETA_FIELDS: Record<string, string> = { 'TeamQuery.team': 'teams-beta' };

function betaFieldsUsed(schema: GraphQLSchema, document: DocumentNode): Array<{ field: string; beta: string }> {
  const used: Array<{ field: string; beta: string }> = [];
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        const key = parent ? `${parent.name}.${node.name.value}` : '';
        if (BETA_FIELDS[key]) used.push({ field: key, beta: BETA_FIELDS[key] });
      },
    }),
  );
  return used;
}

/** AGG rejects a request using a beta field without its X-ExperimentalApi opt-in outright (no data). */
export function useBetaOptIn(): Plugin<{ request: Request }> {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const optedIn = (args.contextValue.request.headers.get('x-experimentalapi') ?? '')
        .split(',')
        .map((value) => value.trim())
        .filter(Boolean);
      const missing = betaFieldsUsed(args.schema, args.document).filter((use) => !optedIn.includes(use.beta));
      if (missing.length === 0) return;
      setResultAndStopExecution({
        data: null,
        errors: missing.map(
          (use) =>
            new GraphQLError(`Field '${use.field}' is a beta field: set the 'X-ExperimentalApi: ${use.beta}' HTTP header to opt in to it`, {
              extensions: { classification: 'ValidationError', errorSource: 'GRAPHQL_GATEWAY', statusCode: 400, requiredExperimentalApi: use.beta },
            }),
        ),
      });
    },
  };
}
