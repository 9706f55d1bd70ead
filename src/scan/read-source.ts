import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';

export type ReadOutcome =
  | { text: string; buffer: Buffer }
  | { skip: 'binary' | 'minified' }
  | { problem: string };

/**
 * Reads a file as UTF-8 source text. Binary and minified files are skipped quietly (they are not source a
 * person wrote); invalid UTF-8 and read errors are problems worth reporting.
 */
export function readSource(absolutePath: string): ReadOutcome {
  let buffer: Buffer;
  try {
    buffer = readFileSync(absolutePath);
  } catch (error) {
    return { problem: `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  return decodeSource(buffer);
}

export function decodeSource(buffer: Buffer): ReadOutcome {
  if (buffer.subarray(0, 8000).includes(0)) return { skip: 'binary' };
  // Validating natively and then decoding is several times faster than a fatal TextDecoder.
  if (!isUtf8(buffer)) return { problem: 'not valid UTF-8; skipped' };
  if (looksMinified(buffer)) return { skip: 'minified' };
  const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
  return { text: buffer.toString('utf8', bom), buffer };
}

/** Generated bundles have few, very long lines; hand-written code averages well under 100 characters. */
function looksMinified(buffer: Buffer): boolean {
  if (buffer.length < 2048) return false;
  // Enough newlines for an average line of ≤ 300 bytes settles it; stop counting there.
  const enough = Math.ceil(buffer.length / 300);
  let lines = 1;
  for (let at = buffer.indexOf(10); at >= 0 && lines < enough; at = buffer.indexOf(10, at + 1)) lines++;
  return lines < enough;
}

/** A small config file (package.json, tsconfig.json) as text; undefined when missing or over 1 MiB. */
export function readSmallText(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8');
    return text.length > 1024 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}
