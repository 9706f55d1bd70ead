import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';

/** Baton's own version; cached facts from another version are never reused. */
export const VERSION: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const EXT = import.meta.url.endsWith('.ts') ? '.ts' : '.js';

let digest: string | undefined;
let outcome: string | undefined;

/**
 * A digest of the code that turns a file into facts (extractors, and the schema readers they use). Part of
 * the fact cache's signature with VERSION, so a development build (or a patched install) never reuses facts an
 * older extractor produced. Computed once per process: a server scanning repeatedly reads its code once.
 */
export function analyzerDigest(): string {
  digest ??= digestOf([
    ...codeIn('./extract/'),
    ...codeIn('./extract/python/'),
    ...codeIn('./schema/'),
    ...codeIn('./rules/'),
    ...codeIn('./rules/secrets/'),
    new URL(`./scan/analyze-file${EXT}`, import.meta.url),
    new URL(`./scan/sfc${EXT}`, import.meta.url),
  ]);
  return digest;
}

/**
 * A digest of everything that shapes a repo's linked outcome: the analysers and the linker. A saved outcome
 * is reused only under the same digest, so a changed linker never serves a stale result.
 */
export function outcomeDigest(): string {
  outcome ??= digestOf(codeIn('./scan/'), analyzerDigest());
  return outcome;
}

function codeIn(dir: string): URL[] {
  const url = new URL(dir, import.meta.url);
  try {
    return readdirSync(url)
      .filter((name) => /\.(?:js|ts)$/.test(name) && !name.endsWith('.d.ts'))
      .sort()
      .map((name) => new URL(name, url));
  } catch {
    return [];
  }
}

function digestOf(files: URL[], seed = VERSION): string {
  const hash = createHash('sha1').update(seed);
  for (const file of files) hash.update(readFileSync(file));
  return hash.digest('hex').slice(0, 12);
}
