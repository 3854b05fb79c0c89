/** Runs the minimal proxy in its own process (as the gateway runs in its own): `minimal-proxy-cli.ts <target origin>`. */
import { startMinimalProxy } from './minimal-proxy.ts';

const target = process.argv[2];
if (target === undefined) {
  console.error('usage: minimal-proxy-cli.ts <target origin>');
  process.exit(2);
}
const proxy = await startMinimalProxy(target);
console.log(`listening ${proxy.origin}`);
process.on('SIGTERM', () => void proxy.close().then(() => process.exit(0)));
