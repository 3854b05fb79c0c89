/**
 * Writing the tokens: created with mode 0600 from the first byte, written to a temporary file in the
 * same directory and moved into place, so a crash never leaves a half-written or world-readable file.
 * Without `force` an existing file is never replaced, checked atomically by link(2).
 */
import { randomBytes } from 'node:crypto';
import { access, link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { TokenSet } from './atlassian-oauth-api.ts';
import { OAuthLoginError } from './errors.ts';

export type TokenFileFormat = 'env' | 'json';

export interface TokenFileInput {
  tokens: TokenSet;
  clientId: string;
  obtainedAt: Date;
}

/** `.env` lines the gateway reads (ATLASSIAN_OAUTH_*), or a JSON object with the raw token response fields. */
export function formatTokens(input: TokenFileInput, format: TokenFileFormat): string {
  const { tokens, clientId, obtainedAt } = input;
  const expiresAt = tokens.expiresIn === undefined ? undefined : new Date(obtainedAt.getTime() + tokens.expiresIn * 1000).toISOString();
  if (format === 'json') {
    return `${JSON.stringify(
      {
        client_id: clientId,
        access_token: tokens.accessToken,
        refresh_token: tokens.refreshToken,
        token_type: tokens.tokenType,
        scope: tokens.scope,
        expires_in: tokens.expiresIn,
        expires_at: expiresAt,
        obtained_at: obtainedAt.toISOString(),
      },
      null,
      2,
    )}\n`;
  }
  const lines = [
    `# Atlassian OAuth 2.0 (3LO) tokens from npm run oauth:login, ${obtainedAt.toISOString()}. Keep this file private.`,
    '# Add ATLASSIAN_CLIENT_SECRET to use the refresh token (the gateway then refreshes access tokens itself).',
    `ATLASSIAN_CLIENT_ID=${clientId}`,
    `ATLASSIAN_OAUTH_ACCESS_TOKEN=${tokens.accessToken}`,
  ];
  if (tokens.refreshToken !== undefined) lines.push(`ATLASSIAN_OAUTH_REFRESH_TOKEN=${tokens.refreshToken}`);
  if (expiresAt !== undefined) lines.push(`ATLASSIAN_OAUTH_EXPIRES_AT=${expiresAt}`);
  if (tokens.scope !== undefined) lines.push(`ATLASSIAN_OAUTH_SCOPE="${tokens.scope.replace(/["\\]/g, '\\$&')}"`);
  return `${lines.join('\n')}\n`;
}

/** Fails early, before the user logs in, when the file could not be written afterwards. */
export async function checkTokenFileTarget(path: string, force: boolean): Promise<void> {
  const target = resolve(path);
  try {
    await access(dirname(target));
  } catch {
    throw new OAuthLoginError(`Cannot write ${path}: its directory does not exist.`);
  }
  if (!force && (await exists(target))) {
    throw new OAuthLoginError(`${path} already exists; pass --force to replace it.`);
  }
}

export async function writeTokenFile(path: string, contents: string, force: boolean): Promise<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(contents, 'utf8');
    // The umask can only remove bits, but a chmod makes 0600 explicit whatever the process umask.
    await handle.chmod(0o600);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    if (force) {
      await rename(temporary, target);
    } else {
      await link(temporary, target);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new OAuthLoginError(`${path} already exists; pass --force to replace it.`);
    }
    throw new OAuthLoginError(`Cannot write ${path}: ${(error as Error).message}`);
  } finally {
    // After rename the temporary name is gone; after link (or a failure) it is removed here.
    await unlink(temporary).catch(() => {});
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
