import { LineIndex, type Node } from '../extract/ast.js';
import type { FileFacts } from '../extract/facts.js';
import type { ParsedFile } from '../extract/parsed-file.js';
import type { Severity } from '../scan/scan-result.js';

/** What a rule states about itself; its docs page is `docs/rules/<id>.md` (a test checks each has one). */
export interface RuleMeta {
  /** `<family>.<name>` (DESIGN §5). */
  id: string;
  severity: Severity;
  title: string;
  fix: string;
}

/**
 * A finding as a file yields it, before it is placed in a repo. `subject` is what the finding is about with
 * any secret value redacted; `key` distinguishes two findings of one rule in one file without a line
 * number, so the fingerprint survives edits (a hash of the value, a variable name).
 */
export interface FindingFact {
  rule: string;
  line: number;
  column: number;
  message: string;
  subject: string;
  key: string;
  /** Overrides the rule's severity for this finding. */
  severity?: Severity;
}

/** The line and column (1-based) of an offset; findings are rare, so the index is built per call. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  return new LineIndex(text).position(offset);
}

/** A secret as it may be shown: its first few characters and its last four, never more. */
export function redact(value: string): string {
  if (value.length <= 12) return `${value.slice(0, 3)}…`;
  return `${value.slice(0, Math.min(8, Math.floor(value.length / 4)))}…${value.slice(-4)}`;
}

/** Records a finding of `rule` at `at` in the file's facts (AST rules run as extractors). */
export function addFinding(
  file: ParsedFile,
  facts: FileFacts,
  rule: RuleMeta,
  at: Node,
  finding: { message: string; subject: string; key: string; severity?: Severity },
): void {
  const position = file.position(at);
  facts.findings ??= [];
  facts.findings.push({ rule: rule.id, line: position.line, column: position.column, ...finding });
}
