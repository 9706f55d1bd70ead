import { RULES as RULE_META } from '../rules/text-rules.js';
import { join } from 'node:path';
import type { Mismatch, ScanResult, Severity, SourceLocation } from '../scan/scan-result.js';
import { VERSION } from '../version.js';

/** What each kind means, for the rule list code scanning shows beside a result. */
const RULES: Record<string, string> = {
  'endpoint-missing': 'A call matches no endpoint any backend of the project provides.',
  'method-mismatch': 'The path exists, but not for the method the call uses.',
  'body-field-missing': 'The endpoint requires (or reads) a body field the call never sends.',
  'body-field-unknown': 'The call sends a body field the endpoint drops or rejects.',
  'response-shape-mismatch': 'The caller reads the response in a shape the endpoint does not return.',
  'endpoint-unused': 'No client of the project calls the endpoint.',
  'table-missing': 'A query uses a table no migration or model creates.',
  'column-missing': 'A query uses a column the table lacks after every migration.',
  'function-missing': 'An rpc() or edge-function call names nothing the project defines.',
  'schema-source-drift': 'Two schema sources (migrations, models, generated types) disagree.',
  'migration-conflict':
    'Migrations conflict: a shared version, or a statement on an object that does not exist yet.',
  'suppression-without-reason': 'A baton-ignore comment gives no reason, so it suppresses nothing.',
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * The mismatches as a SARIF 2.1.0 log, the format GitHub code scanning uploads: one rule per kind, locations
 * relative to the working directory, the fingerprint as a partial fingerprint so alerts follow code moves.
 */
const FINDING_RULES = new Map(RULE_META.map((rule) => [rule.id, rule]));

export function toSarif(result: ScanResult, mismatches: readonly Mismatch[]): object {
  const kinds = [...new Set(mismatches.map((m) => m.kind))].sort();
  const location = (source: SourceLocation) => {
    const root = result.repos.find((r) => r.name === source.repo)?.root ?? '.';
    return {
      physicalLocation: {
        artifactLocation: { uri: join(root, source.file).split('\\').join('/') },
        region: { startLine: Math.max(1, source.line), startColumn: Math.max(1, source.column) },
      },
    };
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Baton',
            version: VERSION,
            rules: kinds.map((kind) => ({
              id: kind,
              name: kind,
              shortDescription: { text: RULES[kind] ?? FINDING_RULES.get(kind)?.title ?? kind },
              fullDescription: { text: RULES[kind] ?? FINDING_RULES.get(kind)?.title ?? kind },
            })),
          },
        },
        results: mismatches.map((m) => {
          const [first, ...related] = m.sources;
          return {
            ruleId: m.kind,
            ruleIndex: kinds.indexOf(m.kind),
            level: LEVEL[m.severity],
            message: { text: m.suggestion ? `${m.message} ${m.suggestion}` : m.message },
            locations: first ? [location(first)] : [],
            ...(related.length > 0
              ? { relatedLocations: related.map((source, id) => ({ id, ...location(source) })) }
              : {}),
            partialFingerprints: { 'batonFingerprint/v1': m.fingerprint },
          };
        }),
      },
    ],
  };
}
