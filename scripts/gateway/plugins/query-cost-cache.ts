/**
 * Remembers query cost estimates per document, so a repeated query is not walked again on every
 * request. yoga's parse cache hands back the same DocumentNode for the same query text, so the
 * document object is the key (WeakMap: gone with the document). The estimate depends on the
 * variables only through size arguments (`first: $n`), so those variables' values, and the
 * operation name, complete the key.
 */
import { type DocumentNode, type GraphQLSchema, Kind, visit } from 'graphql';
import { DEFAULT_SIZE_ARGUMENTS, estimateQueryCost, type QueryCostEstimate, type QueryCostOptions } from './query-cost.ts';

interface DocumentCosts {
  /** Variables used as the value of a size argument anywhere in the document. */
  sizeVariables: string[];
  estimates: Map<string, QueryCostEstimate>;
}

type CostRequest = { operationName?: string | null; variables?: Readonly<Record<string, unknown>> | null };

export type CachedQueryCost = (schema: GraphQLSchema, document: DocumentNode, request: CostRequest) => QueryCostEstimate;

/** Variable values kept per document: a document queried with ever new page sizes stays bounded. */
const MAX_ESTIMATES_PER_DOCUMENT = 64;

function sizeVariablesOf(document: DocumentNode, sizeArguments: readonly string[]): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (sizeArguments.includes(node.name.value) && node.value.kind === Kind.VARIABLE) names.add(node.value.name.value);
    },
  });
  return [...names].sort();
}

export function createQueryCostCache(options: QueryCostOptions = {}): CachedQueryCost {
  const sizeArguments = options.sizeArguments ?? DEFAULT_SIZE_ARGUMENTS;
  const bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, DocumentCosts>>();
  return (schema, document, request) => {
    let byDocument = bySchema.get(schema);
    if (byDocument === undefined) {
      byDocument = new WeakMap();
      bySchema.set(schema, byDocument);
    }
    let costs = byDocument.get(document);
    if (costs === undefined) {
      costs = { sizeVariables: sizeVariablesOf(document, sizeArguments), estimates: new Map() };
      byDocument.set(document, costs);
    }
    const variables = request.variables ?? {};
    // A variable the request leaves out takes the operation's default; one it sends (even null) does not.
    const key = `${request.operationName ?? ''}\n${JSON.stringify(costs.sizeVariables.map((name) => (Object.hasOwn(variables, name) ? [variables[name]] : 0)))}`;
    let estimate = costs.estimates.get(key);
    if (estimate === undefined) {
      estimate = estimateQueryCost(schema, document, request, options);
      if (costs.estimates.size >= MAX_ESTIMATES_PER_DOCUMENT) costs.estimates.clear();
      costs.estimates.set(key, estimate);
    }
    return estimate;
  };
}
