/**
 * The forms in which the credential a call was sent with could come back in its answer: the
 * header values and what they carry (a Bearer token, a Basic pair and its token, cookie values).
 * Remembered per header set, since the same few credentials are sent over and over.
 */
const secretFormsCache = new Map<string, Buffer[]>();
const MAX_SECRET_FORM_SETS = 256;
/** Short values would scrub ordinary words; real credentials are far longer. */
const MIN_SECRET_LENGTH = 8;

export function secretForms(authHeaders: Record<string, string>): Buffer[] {
  const values = Object.values(authHeaders);
  if (values.length === 0) return [];
  const key = values.join('\n');
  let forms = secretFormsCache.get(key);
  if (forms !== undefined) return forms;
  const strings = new Set<string>();
  for (const [name, value] of Object.entries(authHeaders)) {
    if (name === 'cookie') {
      for (const pair of value.split(';')) strings.add(pair.slice(pair.indexOf('=') + 1).trim());
      continue;
    }
    const scheme = /^(Bearer|Basic)\s+(\S+)$/i.exec(value);
    const credential = scheme?.[2] ?? value;
    strings.add(credential);
    if (scheme?.[1]?.toLowerCase() === 'basic') {
      const pair = Buffer.from(credential, 'base64').toString('utf8');
      strings.add(pair);
      strings.add(pair.slice(pair.indexOf(':') + 1));
    }
  }
  forms = [...strings]
    .filter((form) => form.length >= MIN_SECRET_LENGTH)
    .flatMap((form) => [form, encodeURIComponent(form)])
    .filter((form, index, all) => all.indexOf(form) === index)
    .map((form) => Buffer.from(form));
  if (secretFormsCache.size >= MAX_SECRET_FORM_SETS) secretFormsCache.delete(secretFormsCache.keys().next().value as string);
  secretFormsCache.set(key, forms);
  return forms;
}
