import type { Node } from '../../extract/ast.js';
import type { FileFacts } from '../../extract/facts.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import type { FindingFact } from '../rule.js';
import type { HandlerAnchor } from '../handlers/handler-notes.js';

/**
 * What the `http.*` AST passes leave for the repo pass: a candidate finding whose fate depends on the rest of
 * the repo (a CORS setting on an API that turns out to be public and read-only), or evidence (a rate limiter,
 * helmet, an app object). Notes ride in `findings` under `note:http.<what>`; no rule has that id, so a note
 * never reaches the result on its own.
 */
export interface HttpNote extends FindingFact {
  /** Small extra facts (a handler's lines and names, a framework); plain JSON, cached with the file. */
  data?: Record<string, string | number | string[]>;
  /** The request handler the note was taken in, to join it to its routes (see authz/handler-links.ts). */
  handler?: HandlerAnchor;
}

export function addNote(
  file: ParsedFile,
  facts: FileFacts,
  what: string,
  at: Node,
  note: Omit<HttpNote, 'rule' | 'line' | 'column'>,
): void {
  facts.findings ??= [];
  facts.findings.push({ rule: `note:http.${what}`, ...file.position(at), ...note } as HttpNote);
}

/** Every note of one kind in the repo, with its file. */
export function notesOf(
  facts: ReadonlyMap<string, FileFacts>,
  what: string,
): (HttpNote & { file: string })[] {
  const id = `note:http.${what}`;
  const out: (HttpNote & { file: string })[] = [];
  for (const [file, fileFacts] of facts)
    for (const finding of fileFacts.findings ?? []) if (finding.rule === id) out.push({ ...finding, file });
  return out;
}

/** A note confirmed as the finding of `rule`. */
export function confirmed(note: HttpNote & { file: string }, rule: string) {
  const { data: _data, handler: _handler, ...fact } = note;
  return { ...fact, rule };
}
