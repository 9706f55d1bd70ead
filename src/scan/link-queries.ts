import type { QueryFact } from '../extract/facts.js';
import type { ModuleGraph } from './module-graph.js';
import { isTestFile } from './test-files.js';

export interface LinkedQuery {
  file: string;
  query: QueryFact;
  /** The table, bucket or function name, once constants are followed. */
  name: string;
}

/**
 * Turns each query's symbolic name into text (`.from(TABLES.orders)` through constants in other files). A name
 * known only at run time is counted, never guessed.
 */
export function linkQueries(
  files: readonly string[],
  graph: ModuleGraph,
): { queries: LinkedQuery[]; unresolved: number } {
  const queries: LinkedQuery[] = [];
  let unresolved = 0;
  for (const file of files) {
    // Fixtures and mocks in tests read tables that need not exist.
    if (isTestFile(file)) continue;
    for (const query of graph.peek(file)?.queries ?? []) {
      const parts = graph.evaluate(file, query.table);
      const name = parts.length === 1 && 'text' in parts[0]! ? parts[0].text : undefined;
      if (name === undefined || name === '') unresolved++;
      else queries.push({ file, query, name });
    }
  }
  return { queries, unresolved };
}
