import { buildFindings } from './build-findings.js';
import type { ProjectRuleContext, RepoFinding, RepoRuleContext } from './family.js';
import { FAMILIES } from './families.js';
import type { Finding } from '../scan/scan-result.js';

/** Every family's repo-level findings, as facts of the repo (fingerprinted by buildFindings). */
export function repoRuleFindings(context: RepoRuleContext): RepoFinding[] {
  return FAMILIES.flatMap((family) => family.repo?.(context) ?? []);
}

/** Every family's project-level findings, placed in their repos. */
export function projectRuleFindings(context: ProjectRuleContext): Finding[] {
  const byRepo = new Map<string, RepoFinding[]>();
  for (const family of FAMILIES)
    for (const { repo, ...fact } of family.project?.(context) ?? []) {
      const list = byRepo.get(repo) ?? [];
      list.push(fact);
      byRepo.set(repo, list);
    }
  return [...byRepo].flatMap(([repo, facts]) => buildFindings(repo, new Map(), facts));
}
