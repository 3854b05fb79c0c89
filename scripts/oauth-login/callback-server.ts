/**
 * The local server the authorization server redirects the browser to. It accepts exactly one
 * callback on the redirect URI's path, checks `state` against this login's, and hands back the code.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuthLoginError } from './errors.ts';

export interface CallbackServer {
  /** The redirect URI with the port actually bound (differs from the input only when it asked for port 0). */
  redirectUri: string;
  /** Resolves with the authorization code, or rejects with an OAuthLoginError. */
  code: Promise<string>;
  close(): Promise<void>;
}

export async function startCallbackServer(redirectUri: string, expectedState: string, timeoutMs: number): Promise<CallbackServer> {
  const target = new URL(redirectUri);
  const port = target.port === '' ? 80 : Number(target.port);
  let settle: { resolve(code: string): void; reject(error: Error): void } | undefined;
  const code = new Promise<string>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let settled = false;
  const finish = (outcome: { code: string } | { error: OAuthLoginError }) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    if ('code' in outcome) settle!.resolve(outcome.code);
    else settle!.reject(outcome.error);
  };

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://callback.invalid');
    if (url.pathname !== target.pathname || request.method !== 'GET') {
      respond(response, 404, 'Not found.');
      return;
    }
    if (settled) {
      respond(response, 410, 'This login has already finished; you can close this tab.');
      return;
    }
    const error = url.searchParams.get('error');
    if (error !== null) {
      const description = url.searchParams.get('error_description');
      respond(response, 400, 'Authorization was not granted. You can close this tab and check the terminal.');
      finish({
        error: new OAuthLoginError(
          `Authorization was not granted: ${oneLine(error)}${description ? ` (${oneLine(description)})` : ''}; nothing was written.`,
        ),
      });
      return;
    }
    if (!sameState(url.searchParams.get('state'), expectedState)) {
      respond(response, 400, 'This callback does not belong to the running login. Check the terminal.');
      finish({
        error: new OAuthLoginError(
          'State mismatch: the callback does not belong to this login (stale tab or forged redirect); nothing was written. Run the login again and use the newest URL.',
        ),
      });
      return;
    }
    const authorizationCode = url.searchParams.get('code');
    if (!authorizationCode) {
      respond(response, 400, 'The callback carried no authorization code. Check the terminal.');
      finish({ error: new OAuthLoginError('The callback carried no authorization code; nothing was written.') });
      return;
    }
    respond(response, 200, 'Login complete. You can close this tab and return to the terminal.');
    finish({ code: authorizationCode });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new OAuthLoginError(
          error.code === 'EADDRINUSE'
            ? `Cannot listen on ${target.host} for the OAuth callback: the port is in use; stop what uses it or pass another --redirect-uri registered for the app.`
            : `Cannot listen on ${target.host} for the OAuth callback: ${error.message}`,
        ),
      ),
    );
    server.listen(port, target.hostname.replace(/^\[|\]$/g, ''), resolve);
  });
  const timer = setTimeout(
    () => finish({ error: new OAuthLoginError(`No callback arrived within ${Math.round(timeoutMs / 1000)} s; nothing was written.`) }),
    timeoutMs,
  );

  const bound = new URL(target.href);
  bound.port = String((server.address() as AddressInfo).port);
  return {
    redirectUri: target.port === '0' ? bound.href : target.href,
    code,
    close: () =>
      new Promise<void>((resolve) => {
        clearTimeout(timer);
        finish({ error: new OAuthLoginError('The login was stopped before a callback arrived.') });
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function sameState(received: string | null, expected: string): boolean {
  if (received === null) return false;
  const a = Buffer.from(received);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function respond(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  response.end(`${message}\n`);
}
