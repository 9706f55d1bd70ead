import type { ModelFact, QueryFact } from '../extract/facts.js';
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
  models: readonly (ModelFact & { file: string })[] = [],
  migrations: ReadonlySet<string> = new Set(),
): { queries: LinkedQuery[]; unresolved: number } {
  // Prisma Client names a model by its camel-cased name: `prisma.orderItem` is model `OrderItem`.
  const byAccessor = new Map(models.map((model) => [lowerFirst(model.name), model]));
  const byBinding = new Map(models.map((model) => [`${model.file}#${model.name}`, model]));
  const modelOf = (file: string, query: QueryFact, name: string): ModelFact | undefined => {
    if (query.modelRef) {
      const symbol = graph.symbolOf(file, query.modelRef);
      if (symbol && 'local' in symbol) return byBinding.get(`${symbol.file}#${symbol.local}`);
      return undefined;
    }
    if (query.modelName) return models.find((model) => model.name === query.modelName);
    return byAccessor.get(name);
  };
  const queries: LinkedQuery[] = [];
  let unresolved = 0;
  for (const file of files) {
    // Fixtures and mocks in tests read tables that need not exist.
    // A migration's data changes ran against the schema of its own time, not today's.
    if (isTestFile(file) || migrations.has(file)) continue;
    for (const query of graph.peek(file)?.queries ?? []) {
      const parts = graph.evaluate(file, query.table);
      const [only] = parts;
      const name = parts.length === 1 && only && 'text' in only ? only.text : undefined;
      if (name === undefined || name === '') unresolved++;
      else if (!query.model && !query.modelRef && !query.modelName) queries.push({ file, query, name });
      else {
        // A model declared outside this repo (a shared package) cannot be placed: counted, not guessed.
        const model = modelOf(file, query, name);
        if (!model) unresolved++;
        else queries.push({ file, query: throughModel(query, model), name: qualified(model) });
      }
    }
  }
  return { queries, unresolved };
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function qualified(model: ModelFact): string {
  return model.schema === 'public' ? model.table : `${model.schema}.${model.table}`;
}

/**
 * Field names become column names (`@map`); relation fields are not columns at all. A model whose fields are not
 * all known (a SQLAlchemy class with a base from another file) names its table, and nothing about columns.
 */
function throughModel(query: QueryFact, model: ModelFact): QueryFact {
  if (!model.relational) return { ...query, columns: [], open: true };
  const columns = query.columns
    .filter((field) => !model.relations.includes(field))
    .map((field) => model.fields[field] ?? field);
  return { ...query, columns: [...new Set(columns)] };
}
