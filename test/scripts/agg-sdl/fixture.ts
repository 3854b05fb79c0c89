/** A small graphql-types.ts in the exact style graphql-codegen's "typescript" plugin writes. */
export const CODEGEN_PRELUDE = `
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: string;
  String: string;
  Boolean: boolean;
  Int: number;
  Float: number;
  /** A scalar representing a specific point in time. */
  DateTime: any;
  JSON: any;
};
`;

export function codegenSource(body: string): string {
  return `${CODEGEN_PRELUDE}\n${body}\n`;
}
