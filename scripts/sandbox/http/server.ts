import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError } from './errors.ts';
import { Reply, type Router } from './router.ts';

export interface ListenOptions {
  host?: string;
  /** 0 (the default) lets the OS pick a free port; read it back from `url`. */
  port?: number;
}

export interface SandboxStats {
  requests: number;
  /** Requests per route name (`GET /rest/api/3/issue/{issueIdOrKey}`); unmatched ones under `UNMATCHED`. */
  byRoute: Record<string, number>;
  /** Response body bytes sent (REST sandboxes): what a client had to download. */
  responseBytes?: number;
}

/** What every sandbox server start function returns. */
export interface SandboxServerHandle {
  url: string;
  close(): Promise<void>;
  stats(): SandboxStats;
  resetStats(): void;
}

export const UNMATCHED_ROUTE = 'UNMATCHED';

/** Counts requests per route; shared by the REST and GraphQL sandboxes. */
export class StatsCounter {
  private counts: Record<string, number> = {};
  private total = 0;
  /** Undefined for servers that do not write their answers themselves (yoga-backed ones). */
  private bytes: number | undefined;

  constructor(options: { countBytes?: boolean } = {}) {
    if (options.countBytes) this.bytes = 0;
  }

  count(route: string): void {
    this.total += 1;
    this.counts[route] = (this.counts[route] ?? 0) + 1;
  }

  sent(bytes: number): void {
    if (this.bytes !== undefined) this.bytes += bytes;
  }

  snapshot(): SandboxStats {
    return { requests: this.total, byRoute: { ...this.counts }, ...(this.bytes === undefined ? {} : { responseBytes: this.bytes }) };
  }

  reset(): void {
    this.counts = {};
    this.total = 0;
    if (this.bytes !== undefined) this.bytes = 0;
  }
}

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** Starts a node:http server on host:port and resolves once it listens. */
export async function listen(
  listener: RequestListener,
  options: ListenOptions,
): Promise<{ server: Server; origin: string; close(): Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((req, res) => {
    Promise.resolve(listener(req, res)).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { errorMessages: [`Sandbox failure: ${String(error)}`], errors: {} });
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      // Keep-alive sockets from fetch would otherwise hold close() open for seconds.
      server.closeAllConnections();
    });
    return closing;
  };
  return { server, origin, close };
}

/** Sends a JSON answer; returns the body's size in bytes. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  const text = JSON.stringify(body);
  const bytes = Buffer.byteLength(text);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': bytes, ...headers });
  res.end(text);
  return bytes;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export interface RestSandboxOptions extends ListenOptions {
  router: Router;
  /** Builds the 404 body for a path no route serves. */
  notFound(method: string, path: string): unknown;
}

/** Serves a Router as a JSON REST API with per-route request counting. */
export async function startRestSandbox(options: RestSandboxOptions): Promise<SandboxServerHandle> {
  const stats = new StatsCounter({ countBytes: true });
  const { router } = options;
  const { origin, close } = await listen(async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    try {
      const match = router.match(method, url.pathname);
      if (!match) {
        stats.count(UNMATCHED_ROUTE);
        stats.sent(sendJson(res, 404, options.notFound(method, url.pathname)));
        return;
      }
      stats.count(match.name);
      const text = await readBody(req);
      let body: unknown;
      if (text.trim().length > 0) {
        try {
          body = JSON.parse(text);
        } catch {
          throw new HttpError(400, { errorMessages: ['Request body is not valid JSON.'], errors: {} });
        }
      }
      const result = await match.handler({ method, path: url.pathname, params: match.params, query: url.searchParams, body, headers: req.headers });
      stats.sent(result instanceof Reply ? sendJson(res, result.status, result.body, result.headers) : sendJson(res, 200, result));
    } catch (error) {
      if (error instanceof HttpError) stats.sent(sendJson(res, error.status, error.body));
      else throw error;
    }
  }, options);
  return { url: origin, close, stats: () => stats.snapshot(), resetStats: () => stats.reset() };
}
