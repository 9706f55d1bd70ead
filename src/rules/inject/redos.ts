/**
 * Regular expressions that backtrack exponentially — https://owasp.org/www-community/attacks/Regular_expression_Denial_of_Service_-_ReDoS
 * Node runs regexes on the event loop: one request with a crafted string stops the whole server. Judged in
 * code that may run on the server of a repo that serves HTTP; a browser regex hangs one user's own tab.
 */
import { type Node, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { mayBeServerPath, mayRunOnServer, servesHttp } from '../errors/server-code.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { catastrophicPart } from './regex-shape.js';

export const REDOS: RuleMeta = {
  id: 'inject.redos',
  severity: 'warning',
  title: 'A regular expression in server code can backtrack exponentially (ReDoS)',
  fix: 'Rewrite the nested repetition so each character can be matched one way only (`([0-9]+)+#` → `[0-9]+#`, `(\\w+\\s?)*` → `[\\w\\s]*`), bound the input length before matching, or use a linear-time engine (re2).',
};

// A quantifier closing a group that is itself quantified: the cheap sign of a nested repetition.
const NESTED = /[+*?}]\)+[+*{]/;

export const redos: Extractor = {
  name: 'rules-inject-redos',
  detect: servesHttp,
  prefilter: (text, path) => mayBeServerPath(path) && NESTED.test(text),
  extract(file, facts) {
    if (!mayRunOnServer(file)) return;
    for (const { node, pattern } of regexes(file)) {
      if (!NESTED.test(pattern)) continue;
      const part = catastrophicPart(pattern);
      if (!part) continue;
      addFinding(file, facts, REDOS, node, {
        message: `/${short(pattern)}/ repeats \`${short(part)}\`, a repetition inside a repetition that can split the same input many ways: a long string that almost matches makes it backtrack exponentially and blocks the event loop.`,
        subject: `/${short(pattern)}/`,
        key: pattern,
      });
    }
  },
};

/** Regex literals, and `RegExp('…')` / `new RegExp('…')` with a constant string. */
function* regexes(file: ParsedFile): Generator<{ node: Node; pattern: string }> {
  const literals: { node: Node; pattern: string }[] = [];
  walk(file.program, (node) => {
    const pattern =
      node.type === 'Literal' ? (node.regex as { pattern?: unknown } | undefined)?.pattern : undefined;
    if (typeof pattern === 'string') literals.push({ node, pattern });
  });
  yield* literals;
  for (const call of [...file.calls, ...file.news]) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'Identifier' || callee.name !== 'RegExp') continue;
    const source = unwrap((call.arguments as Node[])[0]);
    if (source?.type === 'Literal' && typeof source.value === 'string')
      yield { node: call, pattern: source.value };
  }
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
