/**
 * Every path parameter of an OpenAPI source's operation is exactly one encoded URL segment.
 *
 * Mesh's REST resolver interpolates arguments into the operation's path template
 * (`/rest/api/3/issue/{args.issueIdOrKey}`) as they are, so `issueIdOrKey: "../../project/OPS"`
 * became `DELETE /rest/api/3/project/OPS`, and a `?` or `#` in a value rewrote the rest of the URL.
 * This transform wraps the resolver of every root field whose @httpOperation path template reads an
 * argument: each such value is checked and percent-encoded (sources/transport/path-segment.ts)
 * before Mesh's resolver sees it, and a value that is not one segment is a BAD_USER_INPUT error
 * naming the field and argument. Runs in place (bare), after the namespace transform.
 */
import type { GraphQLFieldConfig, GraphQLFieldResolver, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { getDirective } from '@graphql-tools/utils';
import type { MeshTransform } from '@graphql-mesh/types';
import { encodePathSegment } from '../sources/transport/path-segment.ts';

type SchemaArgs = Parameters<NonNullable<MeshTransform['transformSchema']>>;

const ARGUMENT_PLACEHOLDER = /\{args\.([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The argument names a path template interpolates. */
export function pathArguments(template: string): string[] {
  return [...new Set([...template.matchAll(ARGUMENT_PLACEHOLDER)].map((match) => match[1]!))];
}

/** The resolver with every path argument checked and encoded first. */
export function encodingPathArguments(
  resolve: GraphQLFieldResolver<unknown, unknown>,
  fieldName: string,
  argumentNames: readonly string[],
): GraphQLFieldResolver<unknown, unknown> {
  return (root, args: Record<string, unknown>, context, info) => {
    const encoded: Record<string, unknown> = { ...args };
    for (const name of argumentNames) encoded[name] = encodePathSegment(args[name], name, fieldName);
    return resolve(root, encoded, context, info);
  };
}

/** Wraps, in place, the resolver of every root field with an @httpOperation path that reads arguments; returns how many. */
export function encodePathParameters(schema: GraphQLSchema): number {
  let wrapped = 0;
  const roots = [schema.getQueryType(), schema.getMutationType()].filter((root): root is GraphQLObjectType => root != null);
  for (const root of roots) {
    for (const [fieldName, field] of Object.entries(root.getFields())) {
      const template = getDirective(schema, field as unknown as GraphQLFieldConfig<unknown, unknown>, 'httpOperation')?.[0]?.['path'];
      if (typeof template !== 'string' || field.resolve === undefined) continue;
      const names = pathArguments(template);
      if (names.length === 0) continue;
      field.resolve = encodingPathArguments(field.resolve, fieldName, names);
      wrapped++;
    }
  }
  return wrapped;
}

export default class PathParametersTransform implements MeshTransform {
  readonly noWrap = true;

  transformSchema(schema: SchemaArgs[0]): GraphQLSchema {
    encodePathParameters(schema);
    return schema;
  }
}
