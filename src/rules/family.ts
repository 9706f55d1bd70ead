import type { Extractor } from '../extract/extractor.js';
import type { FileFacts } from '../extract/facts.js';
import type { RepoLinks } from '../scan/link-repo.js';
import type { ScanResult } from '../scan/scan-result.js';
import type { FindingFact, RuleMeta } from './rule.js';

/** What a repo-level rule sees once the repo is linked: every file's facts, the endpoints, the schema. */
export interface RepoRuleContext {
  repo: string;
  root: string;
  /** Every walked file, repo-relative. */
  files: readonly string[];
  facts: ReadonlyMap<string, FileFacts>;
  links: RepoLinks;
  /** A file's text (bounded, undefined when unreadable or too large). */
  read(path: string): string | undefined;
}

/** What a project-level rule sees: the assembled result and each repo's files. */
export interface ProjectRuleContext {
  result: ScanResult;
  repos: readonly { name: string; root: string; role: string; files: readonly string[] }[];
  read(repo: string, path: string): string | undefined;
}

export type RepoFinding = FindingFact & { file: string };

/**
 * A repo-level finding at the start of `file:line`, keyed by rule and subject: its fingerprint survives the
 * line moving (a migration edited above it).
 */
export function repoFinding(
  rule: RuleMeta,
  at: { file: string; line: number },
  subject: string,
  message: string,
  severity?: FindingFact['severity'],
): RepoFinding {
  return {
    rule: rule.id,
    file: at.file,
    line: at.line,
    column: 1,
    message,
    subject,
    key: `${rule.id}\u0000${subject}`,
    ...(severity ? { severity } : {}),
  };
}
export type ProjectFinding = FindingFact & { repo: string; file: string };

/**
 * One family of rules (DESIGN §5) and where its rules run: per file as extractors (AST rules), per repo
 * after linking (migrations against usage), or per project (a route no test calls). Families live in
 * `src/rules/<family>/index.ts`; `families.ts` lists them.
 */
export interface RuleFamily {
  rules: readonly RuleMeta[];
  /** Rules on a file's text alone, run where the text is read (any file, before parsing). */
  text?(path: string, text: string): FindingFact[];
  extractors?: readonly Extractor[];
  repo?(context: RepoRuleContext): RepoFinding[];
  project?(context: ProjectRuleContext): ProjectFinding[];
}
