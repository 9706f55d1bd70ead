import { join } from 'node:path';
import type { FileFacts } from '../extract/facts.js';
import { analyzeFile } from './analyze-file.js';
import { buildCalls, buildEndpoints, buildQueries } from './build-result.js';
import type { FactCache } from './fact-cache.js';
import { linkCalls } from './link-calls.js';
import { linkQueries } from './link-queries.js';
import { linkSchema, type SchemaSource, type SchemaSummary } from './link-schema.js';
import { linkRoutes } from './link-routes.js';
import { ModuleGraph } from './module-graph.js';
import { readSource, readSmallText } from './read-source.js';
import { ModuleResolver } from './resolve-module.js';
import type { Call, Endpoint, Query, Table } from './scan-result.js';
import type { WalkedFile } from './walk.js';

export interface RepoLinks {
  endpoints: Endpoint[];
  calls: Call[];
  queries: Query[];
  tables: Table[];
  schema: SchemaSummary;
  /** Each schema source replayed, for the rules that judge the schema itself (RLS, grants); not saved. */
  schemaSources: readonly SchemaSource[];
  unresolvedCalls: number;
  unresolvedQueries: number;
  /** Files the linker had to parse because an import led into them. */
  parsedOnDemand: number;
}

/** Links one repo's facts into endpoints and calls: module resolution, mounts, base URLs. */
export function linkRepo(
  name: string,
  root: string,
  walked: readonly WalkedFile[],
  facts: Map<string, FileFacts>,
  cache: FactCache,
  diagnose: (file: string, message: string) => void,
  ownHosts: ReadonlySet<string> = new Set(),
): RepoLinks {
  let parsedOnDemand = 0;
  const resolver = new ModuleResolver(
    new Set(walked.map((file) => file.path)),
    (path) => readSmallText(join(root, path)),
    diagnose,
  );
  // The linker may need exports and constants of a file no extractor wanted: read those on demand.
  const load = (path: string) => {
    const known = facts.get(path);
    if (!known || known.parsed) return known;
    const source = readSource(join(root, path));
    if (!('text' in source)) return known;
    const full = analyzeFile(path, source.text, [], true);
    parsedOnDemand++;
    facts.set(path, full);
    cache.upgrade(path, full);
    return full;
  };
  const graph = new ModuleGraph(resolver, load, (path) => facts.get(path), ownHosts);
  const files = [...facts.keys()].sort();
  const routes = linkRoutes(files, graph, diagnose);
  const calls = linkCalls(files, graph);
  // All walked paths, not only analysed ones: a Drizzle journal (`meta/_journal.json`) orders its migrations.
  const schema = linkSchema(
    walked.map((file) => file.path),
    graph,
    (path) => readSmallText(join(root, path)),
    name,
  );
  const queries = linkQueries(files, graph, schema.models, schema.migrationFiles);
  const ids = new Set<string>();
  return {
    endpoints: buildEndpoints(name, routes, ids),
    calls: buildCalls(name, calls.calls, ids),
    queries: buildQueries(name, queries.queries, ids),
    tables: schema.tables,
    schema: schema.summary,
    schemaSources: schema.sources,
    unresolvedCalls: calls.unresolved,
    unresolvedQueries: queries.unresolved,
    parsedOnDemand,
  };
}
