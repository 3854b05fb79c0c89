/** A login failure with a message fit for the terminal: one line, no token, code or secret in it. */
export class OAuthLoginError extends Error {
  override name = 'OAuthLoginError';
}

/**
 * Removes every secret value from a message before it is shown. Servers sometimes echo what they
 * were sent (the code, the client secret) in error descriptions.
 */
export function scrubSecrets(message: string, secrets: ReadonlyArray<string | undefined>): string {
  let scrubbed = message;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) scrubbed = scrubbed.split(secret).join('[redacted]');
  }
  return scrubbed.replace(/\s+/g, ' ').trim();
}
