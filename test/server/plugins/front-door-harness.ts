/**
 * The gateway's front door (routing, Host, CSRF, caller authentication) over a small test yoga, on
 * a real node:http server on 127.0.0.1: the same handler the gateway runs, without Mesh.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFrontDoor, type FrontDoorOptions } from '../../../server/front-door.ts';
import type { TestYoga } from './helpers.ts';

export interface FrontDoorHarness {
  origin: string;
  /** Like yoga.fetch: any origin in `url` is replaced by the harness's own. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export async function startFrontDoor(yoga: TestYoga, options: Partial<Omit<FrontDoorOptions, 'yoga'>> = {}): Promise<FrontDoorHarness> {
  const handle = createFrontDoor({ graphiql: false, ...options, yoga: (req, res, serverContext) => yoga(req, res, serverContext) });
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    fetch: (url, init) => {
      const target = new URL(url);
      return fetch(`${origin}${target.pathname}${target.search}`, init);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
