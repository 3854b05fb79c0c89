/**
 * How long a response may be cached, decided from the operation and the schema before execution:
 * the default TTL, lowered by every configured type (`JiraIssue`) or field (`Query.teams`) the
 * operation selects. A TTL of 0 means "never cache". Abstract types count with every concrete
 * type named in fragments, and the abstract type itself.
 */
import {
  Kind,
  TypeInfo,
  getNamedType,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

export interface CacheTtlPolicy {
  /** TTL for operations that select nothing configured below, in ms. */
  defaultTtlMs: number;
  /** `TypeName` or `Type.field` -> TTL in ms (0: never cache responses that select it). */
  ttls: Record<string, number>;
}

/** The operation that will run, or undefined when the name picks none (yoga reports that). */
export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** The types and `Type.field` coordinates an operation can touch (fragments included). */
export function collectSchemaCoordinates(schema: GraphQLSchema, document: DocumentNode): Set<string> {
  const coordinates = new Set<string>();
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (parent == null || field == null) return;
        coordinates.add(parent.name);
        coordinates.add(`${parent.name}.${field.name}`);
        coordinates.add(getNamedType(field.type).name);
      },
      InlineFragment() {
        const type = typeInfo.getType();
        if (type != null) coordinates.add(getNamedType(type).name);
      },
      FragmentDefinition() {
        const type = typeInfo.getType();
        if (type != null) coordinates.add(getNamedType(type).name);
      },
    }),
  );
  return coordinates;
}

export function ttlFor(policy: CacheTtlPolicy, coordinates: Iterable<string>): number {
  let ttl = policy.defaultTtlMs;
  for (const coordinate of coordinates) {
    const configured = policy.ttls[coordinate];
    if (configured !== undefined && configured < ttl) ttl = configured;
  }
  return ttl;
}
