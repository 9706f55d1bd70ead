import pc from 'picocolors';
import type { ScanResult } from '../scan/scan-result.js';

/** The human summary of a scan: per repo what was found, then endpoints, calls and mismatches, then what went wrong. */
export function formatSummary(result: ScanResult, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  const { stats } = result;
  lines.push(
    `${c.bold(`Baton scan · ${result.project}`)} ${c.dim(`— ${stats.files} files, ${megabytes(stats.bytes)}, ${stats.ms} ms (${stats.parsedFiles} parsed, ${stats.cachedFiles} cached)`)}`,
    '',
  );
  for (const repo of result.repos) {
    const endpoints = result.endpoints.filter((e) => e.repo === repo.name).length;
    const calls = result.calls.filter((e) => e.repo === repo.name).length;
    const tables = result.tables.filter((t) => t.source.repo === repo.name).length;
    const queries = result.queries.filter((q) => q.repo === repo.name).length;
    const database =
      tables + queries > 0
        ? ` ${String(tables).padStart(4)} tables ${String(queries).padStart(4)} queries`
        : '';
    lines.push(
      `  ${c.bold(repo.name.padEnd(12))} ${c.cyan(repo.role.padEnd(9))} ${String(endpoints).padStart(4)} endpoints ${String(calls).padStart(4)} calls${database}   ${c.dim(repo.root)}`,
    );
  }
  if (result.endpoints.length > 0) {
    lines.push('', c.bold('Endpoints'));
    for (const e of result.endpoints)
      lines.push(
        `  ${method(c, e.method)} ${e.path}${e.auth === 'required' ? c.yellow(' 🔒') : ''}  ${c.dim(`${e.repo}/${e.source.file}:${e.source.line}`)}`,
      );
  }
  if (result.calls.length > 0) {
    lines.push('', c.bold('Calls'));
    for (const call of result.calls) {
      const fields = call.body
        ? [...call.body.fields.map((f) => f.name), ...(call.body.open ? ['…'] : [])]
        : [];
      const body = call.body ? c.dim(` {${fields.join(', ')}}`) : '';
      lines.push(
        `  ${method(c, call.method)} ${call.path}${body}  ${c.dim(`${call.repo}/${call.source.file}:${call.source.line} (${call.client})`)}`,
      );
    }
  }
  lines.push('', `${c.bold('Health')} ${result.health.score}/100`);
  if (result.mismatches.length > 0) {
    lines.push('', c.bold(`Mismatches (${result.mismatches.length})`));
    for (const m of result.mismatches) {
      const at = m.sources[0];
      lines.push(
        `  ${m.severity.padEnd(7)} ${m.kind}: ${m.message}${at ? c.dim(`  ${at.repo}/${at.file}:${at.line}`) : ''}`,
      );
      if (m.suggestion) lines.push(c.dim(`          → ${m.suggestion}`));
    }
  }
  if (result.findings.length > 0) {
    lines.push('', c.bold(`Findings (${result.findings.length})`));
    for (const f of result.findings)
      lines.push(
        `  ${f.severity.padEnd(7)} ${f.rule}: ${f.message}${c.dim(`  ${f.source.repo}/${f.source.file}:${f.source.line}`)}`,
      );
  }
  if (stats.unresolvedCalls > 0)
    lines.push(
      '',
      c.dim(`${stats.unresolvedCalls} call(s) with URLs Baton could not resolve statically (not reported).`),
    );
  if (stats.unresolvedQueries > 0)
    lines.push(c.dim(`${stats.unresolvedQueries} quer(ies) whose table is named at run time (not checked).`));
  if (result.diagnostics.length > 0) {
    lines.push('', c.bold(`Diagnostics (${result.diagnostics.length})`));
    for (const d of result.diagnostics.slice(0, 20))
      lines.push(`  ${c.dim(`${d.repo}/${d.file}:`)} ${d.message}`);
    if (result.diagnostics.length > 20)
      lines.push(c.dim(`  … ${result.diagnostics.length - 20} more in --json`));
  }
  return `${lines.join('\n')}\n`;
}

function method(c: ReturnType<typeof pc.createColors>, name: string): string {
  return c.bold(name.padEnd(6));
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
