import type { IncomingMessage } from 'node:http';
import { HttpError } from './errors.ts';

/** What a route handler receives. */
export interface RouteRequest {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Parsed JSON body, or undefined when there is none. */
  body: unknown;
  headers: IncomingMessage['headers'];
}

/** A non-200 (or header-carrying) answer; handlers return plain bodies for 200. */
export class Reply {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Record<string, string> = {},
  ) {}
}

export type RouteHandler = (req: RouteRequest) => unknown;

interface Route {
  method: string;
  /** The route's name in stats, e.g. `GET /rest/api/3/issue/{issueIdOrKey}`. */
  name: string;
  segments: string[];
  handler: RouteHandler;
}

export interface RouteMatch {
  name: string;
  params: Record<string, string>;
  handler: RouteHandler;
}

/**
 * A minimal path router: templates use `{name}` segments like the OpenAPI documents,
 * so route names in stats read exactly like the spec's paths.
 */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, template: string, handler: RouteHandler): this {
    const upper = method.toUpperCase();
    this.routes.push({ method: upper, name: `${upper} ${template}`, segments: splitPath(template), handler });
    return this;
  }

  get(template: string, handler: RouteHandler): this {
    return this.on('GET', template, handler);
  }

  post(template: string, handler: RouteHandler): this {
    return this.on('POST', template, handler);
  }

  match(method: string, path: string): RouteMatch | undefined {
    const parts = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase() || route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < parts.length; i++) {
        const template = route.segments[i];
        if (template.startsWith('{') && template.endsWith('}')) {
          params[template.slice(1, -1)] = parts[i];
        } else if (template !== parts[i]) {
          ok = false;
          break;
        }
      }
      if (ok) return { name: route.name, params, handler: route.handler };
    }
    return undefined;
  }

  /** Route names, for 404 messages and reports. */
  names(): string[] {
    return this.routes.map((r) => r.name);
  }
}

function splitPath(path: string): string[] {
  return path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        throw new HttpError(400, { errorMessages: [`Malformed URL segment '${s}'.`], errors: {} });
      }
    });
}
