/**
 * supabase-js — https://supabase.com/docs/reference/javascript/select
 * `supabase.from('orders').select('id, total, customer:profiles(name)').eq('status', s)`: a read of `orders`
 * (id, total, status) and of the embedded `profiles` (name); `.insert/.update/.upsert` object keys are the
 * columns written (top level only: a nested JSON value is a value). `supabase.storage.from('avatars')` is a
 * bucket, `supabase.rpc('fn')` a database function, `supabase.functions.invoke('name')` an edge function.
 */
import { type Node, objectKeys, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { FileFacts, QueryFact, QueryOp } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { parseSelect, type SelectTree } from './supabase-select.js';

const WRITES = new Set(['insert', 'update', 'upsert']);
/** Filters and modifiers whose first argument is a column of the queried table. */
const COLUMN_FILTERS = new Set([
  'eq',
  'neq',
  'gt',
  'gte',
  'lt',
  'lte',
  'like',
  'ilike',
  'likeAllOf',
  'likeAnyOf',
  'is',
  'in',
  'contains',
  'containedBy',
  'overlaps',
  'rangeGt',
  'rangeGte',
  'rangeLt',
  'rangeLte',
  'rangeAdjacent',
  'textSearch',
  'not',
  'filter',
  'order',
]);
const STORAGE_OPS: Record<string, QueryOp> = {
  upload: 'insert',
  update: 'update',
  move: 'update',
  copy: 'insert',
  remove: 'delete',
  download: 'select',
  list: 'select',
  getPublicUrl: 'select',
  createSignedUrl: 'select',
  createSignedUrls: 'select',
  createSignedUploadUrl: 'insert',
  uploadToSignedUrl: 'insert',
};
/** Globals with a `from` of their own (`Array.from(x)`): never a table. */
const NOT_CLIENTS = new Set([
  'Array',
  'Buffer',
  'Uint8Array',
  'Set',
  'Map',
  'Object',
  'Promise',
  'Observable',
]);

export const supabase: Extractor = {
  name: 'supabase',
  detect: (repo) =>
    dependsOn(
      repo,
      '@supabase/supabase-js',
      '@supabase/ssr',
      '@supabase/auth-helpers-nextjs',
      '@supabase/auth-helpers-react',
    ),
  // `Array.from(x)` is in half of all files: a table is named by a string or a constant, or the file
  // mentions Supabase at all.
  prefilter: (text) =>
    /\.from\(\s*(?:['"`]|[A-Z][A-Z0-9_]*\b)|\.rpc\(|functions\.invoke\(/.test(text) ||
    (text.includes('.from(') && /supabase/i.test(text)),
  extract(file, facts) {
    // Knex also writes `db.from('users').select('id')`: in a repo that could be either, trust only clients
    // named for Supabase.
    const strict = file.importedFrom((from) => from === 'knex', ['default', '*']).size > 0;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      const receiver = unwrap(callee.object);
      if (strict && !/supabase/i.test(file.text.slice(receiver?.start ?? 0, receiver?.end ?? 0))) continue;
      if (method === 'from') readFrom(file, facts, call, receiver);
      else if (method === 'rpc') readRpc(file, facts, call);
      else if (
        method === 'invoke' &&
        receiver?.type === 'MemberExpression' &&
        receiver.property?.name === 'functions'
      )
        push(facts, file, call, {
          op: 'rpc',
          target: 'edge-function',
          table: file.valueOf(call.arguments[0]),
          columns: [],
        });
    }
  },
};

function readFrom(file: ParsedFile, facts: FileFacts, call: Node, receiver: Node | undefined): void {
  if (receiver?.type === 'Identifier' && NOT_CLIENTS.has(receiver.name)) return;
  const table = file.valueOf(call.arguments[0]);
  const steps = file.callsChainedAfter(call);
  // `supabase.storage.from('avatars').upload(…)`
  if (receiver?.type === 'MemberExpression' && receiver.property?.name === 'storage') {
    const op = steps.map((step) => STORAGE_OPS[step.method]).find((found) => found !== undefined);
    if (op) push(facts, file, call, { op, target: 'bucket', table, columns: [] });
    return;
  }
  const opStep = steps.find(
    (step) => step.method === 'select' || step.method === 'delete' || WRITES.has(step.method),
  );
  if (!opStep) return;
  const op = opStep.method as QueryOp;
  const columns = new Set<string>();
  let open = false;
  const embedded: SelectTree[] = [];
  for (const step of steps) {
    const first = step.args[0];
    if (WRITES.has(step.method)) {
      const keys = writtenColumns(file, first);
      if (keys) for (const key of keys) columns.add(key);
      else open = true;
    } else if (step.method === 'select') {
      // After a write, `.select()` only says what comes back.
      if (step !== opStep && op !== 'select') continue;
      const text = first === undefined ? '*' : stringLiteral(first);
      if (text === undefined) {
        open = true;
        continue;
      }
      const tree = parseSelect(text);
      if (tree.star) open = true;
      for (const column of tree.columns) columns.add(column);
      embedded.push(...tree.relations);
    } else if (step.method === 'match') {
      const object = objectLiteral(file, first);
      if (object) for (const key of objectKeys(object)) columns.add(key);
    } else if (COLUMN_FILTERS.has(step.method)) {
      const options = objectLiteral(file, step.args[1]);
      // `.order('name', { referencedTable: 'authors' })` sorts an embedded table.
      if (
        step.method === 'order' &&
        options &&
        objectKeys(options).some((k) => k === 'referencedTable' || k === 'foreignTable')
      )
        continue;
      const column = stringLiteral(first);
      // `rel.col` names an embedded table's column; `data->>tag` a JSON path inside `data`.
      if (column && !column.includes('.')) columns.add(column.split('->')[0]?.trim() ?? column);
    }
  }
  push(facts, file, call, { op, target: 'table', table, columns: [...columns], ...(open ? { open } : {}) });
  pushEmbedded(facts, file, call, embedded);
}

function pushEmbedded(facts: FileFacts, file: ParsedFile, call: Node, relations: SelectTree[]): void {
  for (const relation of relations) {
    push(facts, file, call, {
      op: 'select',
      target: 'table',
      table: { k: 'str', v: relation.name },
      columns: relation.columns,
      embedded: true,
      ...(relation.star ? { open: true } : {}),
    });
    pushEmbedded(facts, file, call, relation.relations);
  }
}

function readRpc(file: ParsedFile, facts: FileFacts, call: Node): void {
  const [name, args] = call.arguments as Node[];
  if (!name) return;
  const object = objectLiteral(file, args);
  push(facts, file, call, {
    op: 'rpc',
    target: 'function',
    table: file.valueOf(name),
    columns: object ? objectKeys(object) : [],
  });
}

/** The keys a write sets: an object literal, the first of an array of them, or a local built as one. */
function writtenColumns(file: ParsedFile, node: Node | undefined): string[] | undefined {
  let value = unwrap(node);
  if (value?.type === 'Identifier')
    value = unwrap(file.localInit(value.name, value) ?? file.topLevel.get(value.name));
  if (value?.type === 'ArrayExpression') value = unwrap(value.elements[0] as Node | undefined);
  // `rows.map((r) => ({ order_id: id, sku: r.sku }))`: each element is the object the callback returns.
  if (value?.type === 'CallExpression' && unwrap(value.callee)?.property?.name === 'map') {
    const callback = unwrap(value.arguments[0]);
    if (callback?.type === 'ArrowFunctionExpression') value = unwrap(callback.body);
  }
  if (value?.type !== 'ObjectExpression') return undefined;
  // A spread (`{ ...input, owner }`) adds keys we cannot list.
  if ((value.properties as Node[]).some((p) => p.type === 'SpreadElement')) return undefined;
  return objectKeys(value);
}

function push(
  facts: FileFacts,
  file: ParsedFile,
  call: Node,
  query: Omit<QueryFact, 'client' | 'line' | 'column'>,
): void {
  facts.queries.push({ client: 'supabase', ...query, ...file.position(call) });
}
