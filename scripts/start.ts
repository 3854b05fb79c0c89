/**
 * `npm start`: the gateway at http://127.0.0.1:4000/graphql (PORT/HOST to change), development
 * semantics unless NODE_ENV=production (GraphiQL and introspection on, CORS for loopback pages).
 *
 * No credentials: sandbox mode — local sandbox upstreams on 127.0.0.1, seeded with deterministic
 * data, and the mesh pointed at them. With credentials (environment or `.env`): the real upstreams.
 * Schemas are fetched first when missing.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGateway } from '../server/run.ts';
import { developmentSteps } from './development-steps.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

await runGateway({ root, name: 'atlassian-mesh', ...developmentSteps });
