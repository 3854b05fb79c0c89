/**
 * Makes a client API key and the hash to put in GATEWAY_API_KEY_HASHES:
 *   npx tsx scripts/new-api-key.ts
 * The key goes to the client once; the gateway keeps only the hash.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { sha256Hex } from '../server/auth/caller.ts';

export function createApiKey(): { key: string; hash: string } {
  // 32 random bytes: far beyond guessing, and the hash is then safe to keep in configuration.
  const key = `amk_${randomBytes(32).toString('base64url')}`;
  return { key, hash: sha256Hex(key) };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { key, hash } = createApiKey();
  process.stdout.write(`API key (give to the client, shown once): ${key}\nGATEWAY_API_KEY_HASHES entry:           ${hash}\n`);
}
