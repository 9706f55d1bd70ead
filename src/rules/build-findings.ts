import type { FileFacts } from '../extract/facts.js';
import { fingerprint } from '../match/fingerprint.js';
import type { Finding } from '../scan/scan-result.js';
import type { FindingFact } from './rule.js';
import { RULES } from './text-rules.js';

const META = new Map(RULES.map((rule) => [rule.id, rule]));

/**
 * A repo's findings from its files' facts, and from the rules about the repo as a whole (a manifest without
 * a lockfile). The fingerprint is the rule, the repo, the file and the finding's key (a hash of the secret, a
 * variable name) — never the line, so a baseline keeps holding.
 */
export function buildFindings(
  repo: string,
  facts: ReadonlyMap<string, FileFacts>,
  repoLevel: readonly (FindingFact & { file: string })[] = [],
): Finding[] {
  const all: [string, FindingFact][] = [];
  for (const [file, fileFacts] of facts) for (const fact of fileFacts.findings ?? []) all.push([file, fact]);
  for (const fact of repoLevel) all.push([fact.file, fact]);
  const findings: Finding[] = [];
  for (const [file, fact] of all) {
    // `note:<rule>` facts are per-file evidence a repo-level rule confirms after linking, never findings.
    if (fact.rule.startsWith('note:')) continue;
    const meta = META.get(fact.rule);
    if (!meta) continue;
    findings.push({
      fingerprint: fingerprint(fact.rule, repo, file, fact.key),
      rule: fact.rule,
      severity: fact.severity ?? meta.severity,
      message: fact.message,
      subject: fact.subject,
      source: { repo, file, line: fact.line, column: fact.column },
      fix: meta.fix,
    });
  }
  return findings;
}
