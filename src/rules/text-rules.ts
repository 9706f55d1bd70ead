import { NO_LOCKFILE, UNPINNED, VERSION_SKEW, unpinnedFindings } from './deps/deps.js';
import { FAMILIES } from './families.js';
import type { FindingFact, RuleMeta } from './rule.js';
import {
  ENV_FILE,
  PUBLIC_ENV_SECRET,
  envFileFindings,
  isEnvFile,
  publicEnvFindings,
} from './secrets/env-files.js';
import { HARDCODED_SECRET } from './secrets/hardcoded.js';
import { PRIVATE_KEY, PROVIDER_KEY, providerKeyFindings } from './secrets/provider-keys.js';

/** Every rule Baton has, by id: severity, title and fix (docs/rules/<id>.md explains each). */
export const RULES: readonly RuleMeta[] = [
  PROVIDER_KEY,
  PRIVATE_KEY,
  ENV_FILE,
  PUBLIC_ENV_SECRET,
  HARDCODED_SECRET,
  UNPINNED,
  NO_LOCKFILE,
  VERSION_SKEW,
  ...FAMILIES.flatMap((family) => family.rules),
];

const LOCKFILES =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|composer\.lock|Cargo\.lock|poetry\.lock)$/;

/** Files read for the text rules even when no extractor wants them: env and config files, keys. */
export function isRuleCandidate(path: string): boolean {
  return (
    isEnvFile(path) ||
    /\.(?:ya?ml|json|toml|ini|cfg|conf|properties|pem|key|env|sh|tf|tfvars|txt|md|xml|gradle)$/i.test(path) ||
    /(?:^|\/)(?:Dockerfile|docker-compose[\w.-]*|\.npmrc|\.pypirc|\.netrc)$/.test(path)
  );
}

/**
 * The rules that need only a file's text: committed credentials and exposed secrets. Cheap keyword tests
 * come first, so most files cost a handful of `includes`. Lockfiles hold hashes, not secrets, and are skipped.
 */
export function textFindings(path: string, text: string): FindingFact[] {
  if (LOCKFILES.test(path)) return [];
  const providerKeys = providerKeyFindings(text);
  const keyLines = new Set(providerKeys.map((f) => f.line));
  return [
    ...providerKeys,
    ...envFileFindings(path, text),
    ...publicEnvFindings(text),
    ...unpinnedFindings(path, text),
    // A provider key on a secret-named line is reported once, as what it is.
    ...FAMILIES.flatMap((family) => family.text?.(path, text) ?? []).filter(
      (f) => !(f.rule.startsWith('secrets.') && keyLines.has(f.line)),
    ),
  ];
}
