/**
 * Mesh's customFetch (`customFetch: ./sources/fetch.ts` in .meshrc): every upstream call of the
 * openapi and graphql handlers goes through the transport built over getSettings(). Created on
 * first use, so importing this module reads no settings.
 */
import type { GraphQLResolveInfo } from 'graphql';
import { getSettings } from './config/get-settings.ts';
import { type Transport, type TransportOptions, createTransport } from './transport/create-transport.ts';

export { createTransport, type Transport, type TransportOptions, type UpstreamFetch, type UpstreamTracer, type UpstreamCallTrace } from './transport/create-transport.ts';
export { readJsonBody } from './transport/read-json-body.ts';
export type { TransportObserver, UpstreamCallEvent } from './transport/observer.ts';

/** What a server may add to the default transport (the settings always come from getSettings()). */
export type DefaultTransportExtras = Pick<TransportOptions, 'observer' | 'dedupeInFlight' | 'onForwardedCredentialAccepted' | 'tracer'>;

let defaultTransport: Transport | undefined;
let extras: DefaultTransportExtras = {};

function getDefaultTransport(): Transport {
  defaultTransport ??= createTransport({ settings: getSettings(), ...extras });
  return defaultTransport;
}

/**
 * Sets the observer / in-flight deduplication / tracer of the default transport. Call before the first
 * upstream request (the gateway does, before building the mesh); a transport already made is
 * closed and replaced.
 */
export async function configureDefaultTransport(options: DefaultTransportExtras): Promise<void> {
  extras = { ...options };
  await closeDefaultTransport();
}

export function fetch(url: string, init?: RequestInit, context?: unknown, info?: GraphQLResolveInfo): Promise<Response> {
  return getDefaultTransport().fetch(url, init, context, info);
}

/** Closes the default transport (its Redis connection, if any); the next fetch makes a new one. */
export async function closeDefaultTransport(): Promise<void> {
  const transport = defaultTransport;
  defaultTransport = undefined;
  await transport?.close();
}
