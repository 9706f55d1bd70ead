import type { HandlerRead, RouteFact, SchemaFact } from '../extract/facts.js';
import type { ModuleGraph } from './module-graph.js';
import type { Value } from './value.js';
import { renameField } from '../extract/python/pydantic.js';

const MAX_DEPTH = 8;

/**
 * Schemas named rather than written inline — a DTO class in `dto/create-user.dto.ts`, a zod object imported
 * from `schemas.ts` — resolved across files, with inheritance (`PartialType(CreateUserDto)`) applied.
 * `whitelist`: whether the app strips undeclared fields where the schema itself does not say.
 */
export function resolveSchemas(
  graph: ModuleGraph,
  file: string,
  found: RouteFact,
  whitelist: boolean,
): RouteFact {
  const route = found.modelParams ? splitModelParams(graph, file, found) : found;
  const body = route.bodySchemaRef ? schemaAt(graph, file, route.bodySchemaRef, 0) : undefined;
  const query = route.querySchemaRef ? schemaAt(graph, file, route.querySchemaRef, 0) : undefined;
  const response = route.responseSchemaRef ? schemaAt(graph, file, route.responseSchemaRef, 0) : undefined;
  if (!body && !query && !response) return route;
  const settle = (schema: SchemaFact): SchemaFact => ({ ...schema, closed: schema.closed ?? whitelist });
  // The success answer is the response model's fields (what the framework serialises, nothing else).
  const status = route.responses.find((r) => typeof r.status === 'number' && r.status < 300)?.status ?? 200;
  return {
    ...route,
    ...(body ? { bodySchema: settle(body) } : {}),
    ...(query ? { querySchema: settle(query) } : {}),
    ...(response && !route.responses.some((r) => r.fields)
      ? {
          responses: [
            {
              status,
              fields: response.fields.map((f) => f.name),
              ...(route.responseIsList ? { array: true } : {}),
            },
          ],
        }
      : {}),
  };
}

/**
 * FastAPI parameters typed with imported classes: an `Annotated[…, Depends(…)]` alias (recorded as
 * `fastapi.depends:<name>` where it is declared) is a guard; the rest are models, one of them the body
 * itself, several embedded by name.
 */
function splitModelParams(graph: ModuleGraph, file: string, route: RouteFact): RouteFact {
  const guards: string[] = [];
  const models: { name: string; type: Value }[] = [];
  for (const param of route.modelParams ?? []) {
    const symbol = graph.symbolOf(file, param.type);
    const alias =
      symbol && 'local' in symbol
        ? graph.facts(symbol.file)?.settings[`fastapi.depends:${symbol.local}`]
        : undefined;
    if (alias?.k === 'str') guards.push(...alias.v.split(','));
    else models.push(param);
  }
  const { modelParams: _, ...rest } = route;
  const single = models.length === 1 && route.bodyFields.length === 0 ? models[0] : undefined;
  return {
    ...rest,
    middleware: [...route.middleware, ...guards],
    ...(single ? { bodySchemaRef: single.type } : {}),
    bodyFields: single ? route.bodyFields : [...route.bodyFields, ...models.map((m) => m.name)],
  };
}

function schemaAt(graph: ModuleGraph, file: string, ref: Value, depth: number): SchemaFact | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const symbol = graph.symbolOf(file, ref);
  if (!symbol || !('local' in symbol)) return undefined;
  const declared = graph.facts(symbol.file)?.schemas[symbol.local];
  const own = declared ? withEnums(graph, symbol.file, declared) : undefined;
  if (!own?.extends) return own;
  const base = schemaAt(graph, symbol.file, own.extends.schema, depth + 1);
  if (!base) return { ...own, closed: own.closed };
  // A base's alias generator renames the subclass's own fields too (Pydantic inherits model_config).
  const rename = own.rename ?? base.rename;
  const ownFields =
    rename && !own.rename ? own.fields.map((field) => renameField(field, rename)) : own.fields;
  const { partial, omit, pick } = own.extends;
  const inherited = base.fields
    .filter((f) => !omit?.includes(f.name) && (!pick || pick.includes(f.name)))
    .map((f) => (partial ? { ...f, required: false } : f))
    .filter((f) => !ownFields.some((mine) => mine.name === f.name));
  return {
    fields: [...inherited, ...ownFields],
    closed: own.closed ?? base.closed,
    ...(rename ? { rename } : {}),
  };
}

/** Fields typed with a named enum get its values: a string `Enum` class bound in the declaring module. */
function withEnums(graph: ModuleGraph, file: string, schema: SchemaFact): SchemaFact {
  if (!schema.fields.some((field) => field.enumRef)) return schema;
  const fields = schema.fields.map(({ enumRef, ...field }) => {
    if (!enumRef) return field;
    const symbol = graph.symbolOf(file, enumRef);
    const bound = symbol && 'local' in symbol ? graph.facts(symbol.file)?.bindings[symbol.local] : undefined;
    if (bound?.k !== 'obj') return field;
    const values = Object.values(bound.props).flatMap((value) => (value.k === 'str' ? [value.v] : []));
    return values.length > 0 ? { ...field, enum: values } : field;
  });
  return { ...schema, fields };
}

/**
 * A route whose handler lives in another file (`router.post('/register', authController.register)`) takes
 * what that handler reads: found by following the reference to the controller's recorded handlers.
 */
export function resolveHandler(graph: ModuleGraph, file: string, route: RouteFact): RouteFact {
  if (!route.handlerRef) return route;
  const read = handlerAt(graph, file, route.handlerRef);
  if (!read) return route;
  return {
    ...route,
    bodyFields: [...new Set([...route.bodyFields, ...read.bodyFields])],
    bodyOpen: route.bodyOpen || read.bodyOpen,
    queryFields: [...new Set([...route.queryFields, ...read.queryFields])],
    responses: route.responses.length > 0 ? route.responses : read.responses,
  };
}

function handlerAt(graph: ModuleGraph, file: string, ref: Value): HandlerRead | undefined {
  if (ref.k === 'member') {
    const owner = graph.symbolOf(file, ref.of);
    if (owner && 'local' in owner) return graph.facts(owner.file)?.handlers[`${owner.local}.${ref.prop}`];
  }
  const symbol = graph.symbolOf(file, ref);
  return symbol && 'local' in symbol ? graph.facts(symbol.file)?.handlers[symbol.local] : undefined;
}
