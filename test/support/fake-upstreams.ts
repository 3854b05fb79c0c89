/**
 * Fake upstreams that misbehave on command, for the fault-injection suite, the budget tests and
 * the soak. A fake listens on 127.0.0.1 and either forwards each request to a real server (the
 * sandbox upstreams, so normal answers carry real data) or answers itself; the test queues faults
 * that the next matching requests get instead (429 storms, 5xx, resets, hangs, slow or broken
 * bodies, huge answers, GraphQL partial errors) and can stop listening to refuse connections.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Any status with headers and body (429 with each Retry-After form, 500/502/503, ...). */
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  /** Close the connection before answering anything. */
  | { kind: 'reset' }
  /** Send the headers and half of the real body, then destroy the socket. */
  | { kind: 'reset-mid-body' }
  /** Never answer (the gateway's timeout must end the call). */
  | { kind: 'hang' }
  /** The real answer, its body trickled out in `chunks` pieces `delayMs` apart. */
  | { kind: 'slow-body'; chunks: number; delayMs: number }
  /** The real answer after `delayMs`. */
  | { kind: 'delay'; delayMs: number }
  /** 200 with an HTML page (a proxy's error page, a login page). */
  | { kind: 'non-json' }
  /** 200, JSON content type, body cut in the middle. */
  | { kind: 'truncated-json' }
  /** The real JSON answer padded with an extra property to about `bytes` bytes. */
  | { kind: 'huge'; bytes: number }
  /** The real GraphQL answer plus an `errors[]` entry at the first root field (partial data). */
  | { kind: 'graphql-partial'; message: string };

export interface FaultRule {
  fault: Fault;
  /** How many requests get this fault; default 1, Infinity for a storm. */
  times: number;
  /** Only requests whose path (with query) this matches; default every request. */
  match?: RegExp;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** The fault applied, or 'forward' / 'answer'. */
  outcome: string;
  status: number;
  atMs: number;
  authorization: string | undefined;
}

export interface FakeUpstreamOptions {
  /** Origin to forward normal requests to (e.g. a sandbox server); without it, `answer` is used. */
  target?: string;
  /** Answers a request itself when there is no target (default: `{"ok":true}`). */
  answer?: (req: IncomingMessage, body: string) => { status: number; headers?: Record<string, string>; body: string };
  /** Token bucket the fake enforces like the real upstream (429 with Retry-After when empty). */
  budget?: { capacity: number; refillPerSecond: number };
}

export interface FakeUpstream {
  /** http://127.0.0.1:PORT */
  origin: string;
  port: number;
  inject(fault: Fault, options?: { times?: number; match?: RegExp }): void;
  /** Drops every queued fault. */
  clear(): void;
  requests: RecordedRequest[];
  /** Requests the budget let through and those it answered 429. */
  budgetStats(): { accepted: number; rejected: number; acceptedTimesMs: number[] };
  /** Forgets the budget counters and recorded requests (the bucket itself keeps its state). */
  resetBudgetStats(): void;
  /** Stop listening (connections are refused) until `accept()`. */
  refuse(): Promise<void>;
  accept(): Promise<void>;
  close(): Promise<void>;
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const rules: FaultRule[] = [];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  const budget = options.budget !== undefined ? { ...options.budget, tokens: options.budget.capacity, updatedMs: Date.now(), accepted: 0, rejected: 0, acceptedTimesMs: [] as number[] } : undefined;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      run();
    }, ms);
    pendingTimers.add(timer);
  };

  const takeRule = (path: string): Fault | undefined => {
    const index = rules.findIndex((rule) => rule.match === undefined || rule.match.test(path));
    if (index < 0) return undefined;
    const rule = rules[index];
    rule.times -= 1;
    if (rule.times <= 0) rules.splice(index, 1);
    return rule.fault;
  };

  /** The real bucket: refill by elapsed time, one point per request. */
  const takeBudget = (): { granted: true } | { granted: false; retryAfterSeconds: number } => {
    if (budget === undefined) return { granted: true };
    const now = Date.now();
    budget.tokens = Math.min(budget.capacity, budget.tokens + ((now - budget.updatedMs) / 1000) * budget.refillPerSecond);
    budget.updatedMs = now;
    if (budget.tokens >= 1) {
      budget.tokens -= 1;
      budget.accepted += 1;
      budget.acceptedTimesMs.push(now);
      return { granted: true };
    }
    budget.rejected += 1;
    return { granted: false, retryAfterSeconds: Math.ceil((1 - budget.tokens) / budget.refillPerSecond) };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const requestBody = Buffer.concat(chunks);
    const record = (outcome: string, status: number) =>
      requests.push({ method: req.method ?? 'GET', path, outcome, status, atMs: Date.now(), authorization: req.headers.authorization });

    const granted = takeBudget();
    if (!granted.granted) {
      record('budget-429', 429);
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(granted.retryAfterSeconds) });
      res.end(JSON.stringify({ errorMessages: ['Rate limit exceeded.'] }));
      return;
    }

    const fault = takeRule(path);
    switch (fault?.kind) {
      case 'status':
        record(`status-${fault.status}`, fault.status);
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(fault.body ?? JSON.stringify({ errorMessages: [`Injected HTTP ${fault.status}`] }));
        return;
      case 'reset':
        record('reset', 0);
        req.socket.destroy();
        return;
      case 'hang':
        record('hang', 0);
        return;
      case 'non-json':
        record('non-json', 200);
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body><h1>Service temporarily unavailable</h1><p>Please try again later.</p></body></html>');
        return;
      case 'truncated-json': {
        record('truncated-json', 200);
        const text = '{"id":"10001","key":"DEV-1","fields":{"summary":"cut off her';
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(text.length) });
        res.end(text);
        return;
      }
      default:
        break;
    }

    const real = await obtainRealAnswer(req, requestBody);
    if (fault === undefined) {
      record(options.target !== undefined ? 'forward' : 'answer', real.status);
      res.writeHead(real.status, real.headers);
      res.end(real.body);
      return;
    }
    record(fault.kind, real.status);
    switch (fault.kind) {
      case 'reset-mid-body': {
        res.writeHead(real.status, { ...real.headers, 'content-length': String(real.body.length) });
        res.write(real.body.subarray(0, Math.floor(real.body.length / 2)));
        later(20, () => req.socket.destroy());
        return;
      }
      case 'delay':
        later(fault.delayMs, () => {
          res.writeHead(real.status, real.headers);
          res.end(real.body);
        });
        return;
      case 'slow-body': {
        res.writeHead(real.status, { ...real.headers, 'content-length': String(real.body.length) });
        const size = Math.ceil(real.body.length / fault.chunks);
        let offset = 0;
        const step = () => {
          if (res.destroyed) return;
          const piece = real.body.subarray(offset, offset + size);
          offset += size;
          if (offset >= real.body.length) res.end(piece);
          else {
            res.write(piece);
            later(fault.delayMs, step);
          }
        };
        step();
        return;
      }
      case 'huge': {
        const parsed = JSON.parse(real.body.toString('utf8')) as Record<string, unknown>;
        const padded = Buffer.from(JSON.stringify({ ...parsed, padding: 'x'.repeat(Math.max(0, fault.bytes - real.body.length)) }));
        res.writeHead(real.status, { ...real.headers, 'content-length': String(padded.length) });
        res.end(padded);
        return;
      }
      case 'graphql-partial': {
        // Like AGG: one nested field comes back null with an error at its path; the rest stays.
        const parsed = JSON.parse(real.body.toString('utf8')) as { data?: Record<string, unknown> | null; errors?: unknown[] };
        const path = nullFirstNestedField(parsed.data ?? {}, 2);
        const errors = [...(parsed.errors ?? []), { message: fault.message, path, extensions: { classification: 'DataFetcherException' } }];
        const body = Buffer.from(JSON.stringify({ ...parsed, errors }));
        res.writeHead(real.status, { ...real.headers, 'content-length': String(body.length) });
        res.end(body);
        return;
      }
    }
  };

  async function obtainRealAnswer(req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
    if (options.target === undefined) {
      const answer = options.answer?.(req, body.toString('utf8')) ?? { status: 200, body: '{"ok":true}' };
      const text = Buffer.from(answer.body);
      return { status: answer.status, headers: { 'content-type': 'application/json', ...answer.headers, 'content-length': String(text.length) }, body: text };
    }
    const target = new URL(req.url ?? '/', options.target);
    const headers = { ...req.headers, host: target.host };
    // Bodies are rewritten by some faults: ask for them uncompressed.
    delete headers['accept-encoding'];
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(target, { method: req.method, headers }, (response) => {
        const parts: Buffer[] = [];
        response.on('data', (chunk: Buffer) => parts.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(parts);
          const copied: Record<string, string> = {};
          for (const [name, value] of Object.entries(response.headers)) {
            if (typeof value === 'string' && !['transfer-encoding', 'connection', 'keep-alive', 'content-length'].includes(name)) copied[name] = value;
          }
          copied['content-length'] = String(text.length);
          resolve({ status: response.statusCode ?? 502, headers: copied, body: text });
        });
        response.on('error', reject);
      });
      upstream.on('error', reject);
      upstream.end(body);
    });
  }

  const createListeningServer = (): Server => {
    const created = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ errorMessages: [`fake upstream failure: ${String(error)}`] }));
        } else res.destroy();
      });
    });
    created.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    return created;
  };

  const listen = (server: Server, port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });

  const stop = (server: Server) =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  let server: Server | undefined = createListeningServer();
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    inject(fault, injectOptions = {}) {
      rules.push({ fault, times: injectOptions.times ?? 1, ...(injectOptions.match !== undefined ? { match: injectOptions.match } : {}) });
    },
    clear() {
      rules.length = 0;
    },
    requests,
    budgetStats: () => ({ accepted: budget?.accepted ?? 0, rejected: budget?.rejected ?? 0, acceptedTimesMs: [...(budget?.acceptedTimesMs ?? [])] }),
    resetBudgetStats() {
      requests.length = 0;
      if (budget === undefined) return;
      budget.accepted = 0;
      budget.rejected = 0;
      budget.acceptedTimesMs = [];
    },
    async refuse() {
      if (server === undefined) return;
      const current = server;
      server = undefined;
      await stop(current);
    },
    async accept() {
      if (server !== undefined) return;
      server = createListeningServer();
      await listen(server, port);
    },
    async close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      pendingTimers.clear();
      if (server !== undefined) await stop(server);
      server = undefined;
    },
  };
}

/** Sets the first property at `depth` (or shallower) to null and returns its path. */
function nullFirstNestedField(data: Record<string, unknown>, depth: number): string[] {
  const path: string[] = [];
  let node: Record<string, unknown> = data;
  for (let level = 0; level < depth; level++) {
    const key = Object.keys(node)[0];
    if (key === undefined) break;
    path.push(key);
    const child = node[key];
    if (level === depth - 1 || typeof child !== 'object' || child === null || Array.isArray(child)) {
      node[key] = null;
      break;
    }
    node = child as Record<string, unknown>;
  }
  return path;
}
