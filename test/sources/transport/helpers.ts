/** Fake upstreams on 127.0.0.1, a fake clock and hand-built settings for transport tests. */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { afterEach } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { GatewaySettings } from '../../../sources/config/types.ts';
import { testSettings, type TestSettingsOptions } from '../../support/settings.ts';
import type { Clock } from '../../../sources/transport/clock.ts';
import { createLogger, type Logger, type LogLevel } from '../../../sources/logging/logger.ts';
import { Redactor } from '../../../sources/logging/redactor.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  rawHeaders: string[];
  body: string;
}

export type Handler = (request: RecordedRequest, response: ServerResponse, index: number) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Handler): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      Promise.resolve(handler(recorded, res, requests.length - 1)).catch((error: unknown) => {
        res.statusCode = 599;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** `start(handler)` for a test file: every server it starts is closed after each test. */
export function serversClosedAfterEach(): (handler: Handler) => Promise<FakeServer> {
  const servers: FakeServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return async (handler) => {
    const server = await startServer(handler);
    servers.push(server);
    return server;
  };
}

export function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/** Time moves only when someone sleeps; sleeps return at once. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public current = Date.parse('2026-01-05T09:00:00.000Z')) {}
  now(): number {
    return this.current;
  }
  async sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    this.current += ms;
  }
}

export type SettingsOverrides = TestSettingsOptions;

/** Settings with every upstream under `base` (AGG at /graphql, Jira at /, srht at /query). */
export function makeSettings(base: string, overrides: SettingsOverrides = {}): GatewaySettings {
  return testSettings({ agg: `${base}/graphql`, jira: base, jiraSoftware: base, srht: `${base}/query` }, overrides);
}

export interface CapturedLog {
  logger: Logger;
  lines: string[];
  records(): Array<Record<string, unknown>>;
}

export function captureLogger(level: LogLevel = 'debug', redactor = new Redactor()): CapturedLog {
  const lines: string[] = [];
  const logger = createLogger({ level, write: (line) => lines.push(line), redactor });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** Runs `promise` and returns what it rejected with (fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { extensions: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { extensions: Record<string, unknown> };
  }
  throw new Error('expected the call to fail, but it succeeded');
}
