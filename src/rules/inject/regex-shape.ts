// A JavaScript regular expression read into its structure, to tell whether a backtracking engine can take
// exponential time on it. The classic shape is a repetition inside a repetition that can split one run of
// input in many ways — `(a+)+`, `(\w+\s?)*` — followed by something that can fail. Alternations with
// overlapping branches (`(a|ab)*`) are not judged: telling them apart from safe ones needs character-set
// arithmetic, and a rule that guesses is noise.

type RegexNode =
  | { kind: 'atom' }
  | { kind: 'empty' }
  | { kind: 'seq'; items: RegexNode[] }
  | { kind: 'alt'; options: RegexNode[] }
  | { kind: 'group'; body: RegexNode; zeroWidth: boolean }
  | { kind: 'repeat'; body: RegexNode; min: number; unbounded: boolean };

// Patterns longer than this are not read: a scanned repo is untrusted, and the check must stay cheap.
const MAX_PATTERN = 2000;
const MAX_DEPTH = 50;

/** The repetition that makes `pattern` backtrack exponentially, as its source text; undefined when none. */
export function catastrophicPart(pattern: string): string | undefined {
  if (pattern.length > MAX_PATTERN) return undefined;
  let parsed: { node: RegexNode; spans: Map<RegexNode, [number, number]> };
  try {
    parsed = parse(pattern);
  } catch {
    return undefined;
  }
  const found = findNested(parsed.node, true);
  const span = found ? parsed.spans.get(found) : undefined;
  return span ? pattern.slice(span[0], span[1]) : undefined;
}

/** Matches the empty string. */
function nullable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'atom':
      return false;
    case 'empty':
      return true;
    case 'seq':
      return node.items.every(nullable);
    case 'alt':
      return node.options.some(nullable);
    case 'group':
      return node.zeroWidth || nullable(node.body);
    case 'repeat':
      return node.min === 0 || nullable(node.body);
  }
}

/**
 * One iteration can consist of nothing but an unbounded repetition (everything else around it optional):
 * repeating such a body lets a run of input be split across iterations in exponentially many ways.
 */
function pumpable(node: RegexNode): boolean {
  switch (node.kind) {
    case 'repeat':
      return (node.unbounded && !nullable(node.body)) || pumpable(node.body);
    case 'group':
      return !node.zeroWidth && pumpable(node.body);
    case 'alt':
      return node.options.some(pumpable);
    case 'seq': {
      const core = node.items.filter((item) => !nullable(item));
      if (core.length === 0) return node.items.some(pumpable);
      return core.length === 1 && pumpable(core[0] as RegexNode);
    }
    default:
      return false;
  }
}

/**
 * The outermost unbounded repetition over a pumpable body that is followed by something that can fail: a
 * repetition at the very end of an unanchored pattern succeeds as soon as it starts, so it never backtracks.
 * `$` and lookarounds can fail; an optional tail cannot.
 */
function findNested(node: RegexNode, atEnd: boolean): RegexNode | undefined {
  switch (node.kind) {
    case 'repeat':
      if (node.unbounded && pumpable(node.body) && !atEnd) return node;
      return findNested(node.body, atEnd);
    case 'group':
      return findNested(node.body, atEnd);
    case 'alt':
      for (const option of node.options) {
        const found = findNested(option, atEnd);
        if (found) return found;
      }
      return undefined;
    case 'seq':
      for (let i = 0; i < node.items.length; i++) {
        const rest = node.items.slice(i + 1);
        const last =
          atEnd && rest.every((item) => nullable(item) && !(item.kind === 'group' && item.zeroWidth));
        const found = findNested(node.items[i] as RegexNode, last);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** A recursive-descent reader of the regex syntax, with each node's source span. */
function parse(pattern: string): { node: RegexNode; spans: Map<RegexNode, [number, number]> } {
  const spans = new Map<RegexNode, [number, number]>();
  let at = 0;
  const mark = <T extends RegexNode>(node: T, start: number): T => {
    spans.set(node, [start, at]);
    return node;
  };

  const alternation = (depth: number): RegexNode => {
    if (depth > MAX_DEPTH) throw new Error('too deep');
    const start = at;
    const options = [sequence(depth)];
    while (pattern[at] === '|') {
      at++;
      options.push(sequence(depth));
    }
    return options.length === 1 ? (options[0] as RegexNode) : mark({ kind: 'alt', options }, start);
  };

  const sequence = (depth: number): RegexNode => {
    const start = at;
    const items: RegexNode[] = [];
    while (at < pattern.length && pattern[at] !== '|' && pattern[at] !== ')') items.push(quantified(depth));
    if (items.length === 0) return mark({ kind: 'empty' }, start);
    return items.length === 1 ? (items[0] as RegexNode) : mark({ kind: 'seq', items }, start);
  };

  const quantified = (depth: number): RegexNode => {
    const start = at;
    const body = atom(depth);
    const quantifier = readQuantifier();
    if (!quantifier) return body;
    if (pattern[at] === '?') at++; // lazy: the same backtracking, in another order
    return mark({ kind: 'repeat', body, ...quantifier }, start);
  };

  const readQuantifier = (): { min: number; unbounded: boolean } | undefined => {
    const char = pattern[at];
    if (char === '*' || char === '+' || char === '?') {
      at++;
      return { min: char === '+' ? 1 : 0, unbounded: char !== '?' };
    }
    if (char !== '{') return undefined;
    const match = /^\{(\d{1,6})(,(\d{0,6}))?\}/.exec(pattern.slice(at, at + 16));
    if (!match) return undefined;
    at += match[0].length;
    // {n,m} with a large m backtracks like an unbounded one on inputs of that length.
    const max =
      match[2] === undefined ? Number(match[1]) : match[3] ? Number(match[3]) : Number.POSITIVE_INFINITY;
    return { min: Number(match[1]), unbounded: max >= 100 };
  };

  const atom = (depth: number): RegexNode => {
    const start = at;
    const char = pattern[at];
    if (char === '(') {
      at++;
      let zeroWidth = false;
      if (pattern[at] === '?') {
        const head = pattern.slice(at, at + 4);
        if (/^\?<[=!]/.test(head)) {
          zeroWidth = true;
          at += 3;
        } else if (/^\?[=!]/.test(head)) {
          zeroWidth = true;
          at += 2;
        } else if (head.startsWith('?:')) at += 2;
        else if (head.startsWith('?<')) {
          const close = pattern.indexOf('>', at);
          if (close < 0) throw new Error('bad group name');
          at = close + 1;
        } else throw new Error('unknown group');
      }
      const body = alternation(depth + 1);
      if (pattern[at] !== ')') throw new Error('unclosed group');
      at++;
      return mark({ kind: 'group', body, zeroWidth }, start);
    }
    if (char === '[') {
      at++;
      if (pattern[at] === '^') at++;
      if (pattern[at] === ']') at++;
      while (at < pattern.length && pattern[at] !== ']') at += pattern[at] === '\\' ? 2 : 1;
      if (at >= pattern.length) throw new Error('unclosed class');
      at++;
      return mark({ kind: 'atom' }, start);
    }
    if (char === '^' || char === '$') {
      at++;
      return mark({ kind: 'group', body: { kind: 'empty' }, zeroWidth: true }, start);
    }
    if (char === '\\') {
      const next = pattern[at + 1];
      at += 2;
      if (next === 'b' || next === 'B')
        return mark({ kind: 'group', body: { kind: 'empty' }, zeroWidth: true }, start);
      // \u{…}, \p{…}, \k<name>: skip the braces or brackets whole.
      if ((next === 'u' || next === 'p' || next === 'P') && pattern[at] === '{')
        at = pattern.indexOf('}', at) + 1 || pattern.length;
      else if (next === 'k' && pattern[at] === '<') at = pattern.indexOf('>', at) + 1 || pattern.length;
      return mark({ kind: 'atom' }, start);
    }
    if (char === undefined) throw new Error('unexpected end');
    at++;
    return mark({ kind: 'atom' }, start);
  };

  const node = alternation(0);
  if (at !== pattern.length) throw new Error('unbalanced');
  return { node, spans };
}
