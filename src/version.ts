import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

/** Baton's own version; cached facts from another version are never reused. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/**
 * A digest of the code that turns a file into facts. Part of the cache signature with VERSION, so a
 * development build (or a patched install) never reuses facts an older extractor produced.
 */
let digest: string | undefined;

/** Computed once per process: a server scanning repeatedly reads its own code only the first time. */
export function analyzerDigest(): string {
  digest ??= computeDigest();
  return digest;
}

function computeDigest(): string {
  const hash = createHash('sha1').update(VERSION);
  const extractDir = new URL('./extract/', import.meta.url);
  const files = [
    ...readdirSync(extractDir)
      .filter((name) => /\.(?:js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => new URL(name, extractDir)),
    ...['analyze-file', 'sfc'].map(
      (name) => new URL(`./scan/${name}${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
    ),
  ];
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}
