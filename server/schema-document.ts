/**
 * The served schema as SDL, for tools that take SDL instead of a 31 MB introspection answer
 * (`GET /schema.graphql`). Printed exactly as the committed snapshot is (sorted), so a diff against
 * the snapshot is empty on a clean build and the ETag (a hash of the text) equals the snapshot's.
 * Sorting and printing the ~21,500 types holds the CPU for about 1.5 s, so it happens once: when
 * the gateway is idle (see server.ts) or at the first request, whichever comes first.
 */
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';

/** Sorted and printed, so the snapshot diffs cleanly and does not depend on source order. */
export function printSortedSchema(schema: GraphQLSchema): string {
  return printSchema(lexicographicSortSchema(schema)) + '\n';
}

export interface SchemaDocument {
  plain: Buffer;
  gzip: Buffer;
  /** Strong ETag: the quoted SHA-256 of the text. */
  etag: string;
}

export interface SchemaDocumentSource {
  get(): SchemaDocument;
  /** True once printed (nothing left to warm up). */
  ready(): boolean;
}

export function createSchemaDocument(schema: GraphQLSchema): SchemaDocumentSource {
  let document: SchemaDocument | undefined;
  return {
    get() {
      if (document === undefined) {
        const plain = Buffer.from(printSortedSchema(schema), 'utf8');
        document = { plain, gzip: gzipSync(plain), etag: `"${createHash('sha256').update(plain).digest('hex')}"` };
      }
      return document;
    },
    ready: () => document !== undefined,
  };
}
