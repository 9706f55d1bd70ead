import { readBounded } from '../manifests.js';

/**
 * What a repo's tests say, read once: their text (bounded) and the string literals in it that look like
 * paths, each with the HTTP method when a call names it (`request(app).post('/orders')`).
 */
export interface TestCorpus {
  files: number;
  text: string;
  /** `joined`: the literal is appended to something (`BASE + '/orders'`), so it may lack a prefix. */
  paths: { value: string; method?: string; joined: boolean }[];
}

const MAX_FILES = 400;
const MAX_BYTES = 4 * 1024 * 1024;

/** One regex per quote: a literal cannot contain its own quote unescaped, so each scan is linear. */
const LITERALS = [/'(?:[^'\\\n]|\\.)*'/g, /"(?:[^"\\\n]|\\.)*"/g, /`(?:[^`\\]|\\.)*`/g];
const MODULE_BEFORE = /(?:\bfrom|\bimport|\brequire\s*\(|\bmock\s*\(|\bimport\s*\()\s*$/;
const METHOD_BEFORE = /\.(get|post|put|patch|delete|del|head|options)\s*\(\s*$/i;

export function readTestCorpus(
  files: readonly string[],
  read: (path: string) => string | undefined,
): TestCorpus {
  const texts = readBounded(files, read, MAX_FILES, MAX_BYTES).map((file) => file.text);
  const text = texts.join('\n');
  const paths: TestCorpus['paths'] = [];
  const seen = new Set<string>();
  for (const pattern of LITERALS)
    for (const match of text.matchAll(pattern)) {
      const value = match[0].slice(1, -1);
      if (!value.includes('/') || value.length > 300) continue;
      const start = match.index ?? 0;
      const before = text.slice(Math.max(0, start - 24), start);
      // `from '@app/orders/order.service'` names a module, not a URL.
      if (MODULE_BEFORE.test(before)) continue;
      const method = METHOD_BEFORE.exec(before)?.[1]?.toUpperCase();
      const normalized = method === 'DEL' ? 'DELETE' : method;
      const joined = /\+\s*$/.test(before);
      const key = `${normalized ?? ''} ${joined} ${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      paths.push(normalized ? { value, method: normalized, joined } : { value, joined });
    }
  return { files: texts.length, text, paths };
}
