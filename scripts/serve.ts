/**
 * `npm run serve` (after `npm run build`): the gateway in production mode. Binds 127.0.0.1 unless
 * HOST says otherwise, PORT (default 4000). GraphiQL, introspection and CORS are off unless
 * enabled; callers must authenticate when the gateway holds credentials (see
 * server/DEPLOY.md). Serves the schemas the build fetched; never fetches or writes any.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGateway } from '../server/run.ts';
import { startSandboxUpstreams } from './development-steps.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// Libraries (yoga among them) read NODE_ENV; serve is production whatever the shell says.
process.env.NODE_ENV = 'production';
await runGateway({ root, name: 'atlassian-mesh', production: true, requireBuiltSchemas: true, startSandbox: startSandboxUpstreams });
