/**
 * Symbolic values: what a string-ish expression is, before files are linked. Extractors describe a URL or a
 * route path as a Value; the linker resolves `ref`/`import` parts across files later. Plain JSON so facts
 * can be cached and sent between threads.
 */
export type Value =
  | { k: 'str'; v: string }
  /** A top-level binding of the file the value came from (a const, a function, an import). */
  | { k: 'ref'; name: string }
  /** An inline `require('./x')` or `import('./x')` member. */
  | { k: 'import'; from: string; name: string }
  | { k: 'member'; of: Value; prop: string }
  | { k: 'concat'; parts: Value[] }
  /** `process.env.X` / `import.meta.env.X`: known only at deploy time. */
  | { k: 'env'; name: string }
  /**
   * A runtime value; `hint` names it when it fills a path segment (`${order.id}` → `id`). `param` is set when
   * it is a parameter of the enclosing function: a wrapper's caller supplies it.
   */
  | { k: 'dyn'; hint?: string; param?: string }
  | { k: 'obj'; props: Record<string, Value> }
  /** A call of a top-level function; it matters when the function builds a router or a client. */
  | { k: 'call'; callee: Value };

export const str = (v: string): Value => ({ k: 'str', v });
export const dyn = (hint?: string): Value => (hint ? { k: 'dyn', hint } : { k: 'dyn' });

/** A fully resolved value: literal text interleaved with runtime holes. */
export type Part = { text: string } | { hole: 'env' | 'dyn'; hint?: string };

export function concatParts(parts: Part[]): Part[] {
  const out: Part[] = [];
  for (const part of parts) {
    // Template literals start and end with (often empty) text; empty text must not hide a leading hole.
    if ('text' in part && part.text === '') continue;
    const last = out[out.length - 1];
    if ('text' in part && last && 'text' in last) last.text += part.text;
    else out.push({ ...part });
  }
  return out;
}
