import { readFileSync } from 'node:fs';

export type ReadOutcome =
  | { text: string; buffer: Buffer }
  | { skip: 'binary' | 'minified' }
  | { problem: string };

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

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
  let text: string;
  try {
    text = decoder.decode(buffer);
  } catch {
    return { problem: 'not valid UTF-8; skipped' };
  }
  if (looksMinified(text)) return { skip: 'minified' };
  return { text, buffer };
}

/** Generated bundles have few, very long lines; hand-written code averages well under 100 characters. */
function looksMinified(text: string): boolean {
  if (text.length < 2048) return false;
  let lines = 1;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return text.length / lines > 300;
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
