import type { ArgumentFact, CallFact, ClientFact, WrapperTemplate } from '../extract/facts.js';
import type { Credentials } from '../extract/request-options.js';
import { KEY_FN_SETTING, KEY_URL_SETTING } from '../extract/react-query.js';
import { contractOperation } from './link-contracts.js';
import type { ModuleGraph } from './module-graph.js';
import { isTestFile } from './test-files.js';
import { clientPath, joinUrl } from './url-path.js';
import type { Part, Value } from './value.js';

export interface LinkedCall {
  file: string;
  call: CallFact;
  line: number;
  column: number;
  path: string;
  query: string[];
  method: string;
  bodyFields?: string[];
  bodyOpen?: boolean;
  bodyValues?: Record<string, string>;
  auth?: boolean;
  /** The request's own credentials (see CallFact); `none` only for a client that has no defaults to add any. */
  credentials?: Credentials;
  crossOrigin?: true;
  host?: string;
}

export interface LinkedCalls {
  calls: LinkedCall[];
  unresolved: number;
}

/** An argument as the wrapper sees it: evaluated text and holes, plus what an options object said. */
type Given = Omit<ArgumentFact, 'value' | 'url'> & { parts: Part[]; urlParts?: Part[] };

const MAX_WRAPPER_DEPTH = 6;

/**
 * Turns each call's symbolic URL into a path: constants from other files, the client's `baseURL`, origins
 * dropped. Calls through something that is not a known client are not calls; third-party hosts are not ours.
 * Client wrappers — functions whose client call uses their own parameters — are not calls themselves: each
 * call of a wrapper is, with the caller's arguments filled in, through any depth of wrappers.
 */
export function linkCalls(files: readonly string[], graph: ModuleGraph): LinkedCalls {
  const calls: LinkedCall[] = [];
  let unresolved = 0;
  const proxies = proxyRewrites(files, graph);
  const keyFetch = {
    url: repoSetting(files, graph, KEY_URL_SETTING),
    fn: repoSetting(files, graph, KEY_FN_SETTING),
  };
  clientBases.set(graph, repoBases(files, graph));
  const emit = (linked: LinkedCall | 'unresolved' | undefined) => {
    if (linked === 'unresolved') unresolved++;
    else if (linked) calls.push({ ...linked, path: rewrite(linked.path, proxies) });
  };
  for (const file of files) {
    if (isTestFile(file)) continue;
    const facts = graph.peek(file);
    if (!facts) continue;
    for (const fact of facts.calls) {
      if (fact.template) continue;
      const call = fact.keyHead ? queryKeyCall(fact, keyFetch) : fact;
      if (call) emit(linkCall(graph, file, call, { line: call.line, column: call.column }));
    }
    for (const site of facts.callSites) {
      if (site.template) continue;
      const given = site.args.map((arg) => evaluateArgument(graph, file, arg));
      for (const linked of throughWrapper(graph, file, site.callee, given, site, 0)) emit(linked);
    }
  }
  return { calls, unresolved };
}

/** Instantiates the wrapper a call site names, if it is one: each client call inside it becomes a call here. */
function throughWrapper(
  graph: ModuleGraph,
  file: string,
  callee: Value,
  given: Given[],
  at: { line: number; column: number; file?: string },
  depth: number,
): (LinkedCall | 'unresolved' | undefined)[] {
  if (depth > MAX_WRAPPER_DEPTH) return [];
  const target = wrapperName(graph, file, callee);
  if (!target) return [];
  const facts = graph.facts(target.file);
  if (!facts) return [];
  const out: (LinkedCall | 'unresolved' | undefined)[] = [];
  const origin = { line: at.line, column: at.column, file: at.file ?? file };
  for (const call of facts.calls) {
    if (call.template?.fn !== target.name) continue;
    out.push(instantiate(graph, target.file, call, call.template, given, origin));
  }
  for (const site of facts.callSites) {
    if (site.template?.fn !== target.name) continue;
    const params = bind(site.template, given);
    const inner = site.args.map((arg) => forwarded(graph, target.file, arg, params));
    out.push(...throughWrapper(graph, target.file, site.callee, inner, origin, depth + 1));
  }
  return out;
}

/** `api` → the function `api`; `api.get` → `api.get` in the file declaring `api`. */
function wrapperName(
  graph: ModuleGraph,
  file: string,
  callee: Value,
): { file: string; name: string } | undefined {
  if (callee.k === 'ref') {
    const symbol = graph.symbolOf(file, callee);
    return symbol && 'local' in symbol ? { file: symbol.file, name: symbol.local } : undefined;
  }
  if (callee.k === 'member') {
    const symbol = graph.symbolOf(file, callee.of);
    if (symbol && 'local' in symbol) return { file: symbol.file, name: `${symbol.local}.${callee.prop}` };
    // `import * as api from './api'; api.get(…)`
    if (symbol && 'namespace' in symbol) {
      const member = graph.symbolOf(file, callee);
      return member && 'local' in member ? { file: member.file, name: member.local } : undefined;
    }
  }
  return undefined;
}

function bind(template: WrapperTemplate, given: Given[]): Map<string, Given> {
  const params = new Map<string, Given>();
  template.params.forEach((name, i) => {
    const arg = given[i];
    if (name && arg) params.set(name, arg);
  });
  return params;
}

/** An argument of a forwarding call inside a wrapper: a forwarded parameter keeps what the caller gave. */
function forwarded(graph: ModuleGraph, file: string, arg: ArgumentFact, params: Map<string, Given>): Given {
  if (arg.value.k === 'dyn' && arg.value.param) {
    const passed = params.get(arg.value.param);
    if (passed) return passed;
  }
  return evaluateArgument(graph, file, arg, partsOf(params));
}

/** Evaluates an argument where it is written; a request config's `url` too. */
function evaluateArgument(
  graph: ModuleGraph,
  file: string,
  arg: ArgumentFact,
  params?: ReadonlyMap<string, Part[]>,
): Given {
  const { value, url, ...rest } = arg;
  return {
    ...rest,
    parts: graph.evaluate(file, value, 0, params),
    ...(url ? { urlParts: graph.evaluate(file, url, 0, params) } : {}),
  };
}

function partsOf(params: Map<string, Given>): Map<string, Part[]> {
  return new Map([...params].map(([name, given]) => [name, given.parts]));
}

function instantiate(
  graph: ModuleGraph,
  file: string,
  call: CallFact,
  template: WrapperTemplate,
  given: Given[],
  origin: { line: number; column: number; file: string },
): LinkedCall | 'unresolved' | undefined {
  const params = bind(template, given);
  const options = template.optionsParam ? params.get(template.optionsParam) : undefined;
  const methodArg = template.methodParam ? params.get(template.methodParam) : undefined;
  const methodText =
    methodArg?.parts.length === 1 ? (methodArg.parts[0] as { text?: string }).text : undefined;
  const method = methodText?.toUpperCase() ?? options?.method ?? call.method;
  const bodyArg = template.bodyParam ? params.get(template.bodyParam) : undefined;
  const body: { fields: string[]; open: boolean; values?: Record<string, string> } | undefined = bodyArg
    ? {
        fields: bodyArg.fields ?? [],
        open: bodyArg.fields === undefined || bodyArg.bodyOpen === true,
        values: bodyArg.values,
      }
    : template.bodyParam
      ? undefined // the body parameter was not passed: no body
      : options?.bodyFields
        ? { fields: options.bodyFields, open: options.bodyOpen === true, values: options.bodyValues }
        : call.bodyFields
          ? { fields: call.bodyFields, open: call.bodyOpen === true, values: call.bodyValues }
          : undefined;
  const bound = partsOf(params);
  // `client.request(config)`: the caller's config names the URL.
  if (template.urlFromOptions && template.optionsParam && options?.urlParts)
    bound.set(template.optionsParam, options.urlParts);
  const linked = linkCall(graph, file, call, origin, bound);
  if (!linked || linked === 'unresolved') return linked;
  const auth = linked.auth || options?.auth ? true : undefined;
  // Credentials the caller passes through the wrapper's options count as the request's own.
  const credentials = options?.credentials ?? linked.credentials;
  return {
    ...linked,
    file: origin.file,
    method,
    ...(body
      ? { bodyFields: body.fields, bodyOpen: body.open, bodyValues: body.values }
      : { bodyFields: undefined, bodyOpen: undefined, bodyValues: undefined }),
    ...(auth === undefined ? {} : { auth }),
    ...(credentials ? { credentials } : {}),
  };
}

function linkCall(
  graph: ModuleGraph,
  file: string,
  call: CallFact,
  at: { line: number; column: number },
  params?: ReadonlyMap<string, Part[]>,
): LinkedCall | 'unresolved' | undefined {
  let client: { file: string; fact: ClientFact } | undefined;
  if (call.via) {
    client = clientOf(graph, file, call);
    if (!client) return undefined;
  }
  let operation: { method: string; parts: Part[] } | undefined;
  if (call.operation) {
    const contract = client?.fact.contract;
    operation = contract && client && contractOperation(graph, client.file, contract, call.operation);
    // A client of a contract we cannot read: a call we know is made but cannot place.
    if (!operation) return 'unresolved';
    call = { ...call, method: operation.method };
  }
  let parts = operation?.parts ?? graph.evaluate(file, call.url, 0, params);
  // A URL that is nothing but a runtime value stays unknown, whatever base a client puts before it.
  if (!parts.some((part) => 'text' in part && part.text !== '')) return 'unresolved';
  // A repo-wide rewrite of every request of this client (an Angular interceptor's prefix).
  const rewrite = clientBases.get(graph)?.get(call.client);
  if (rewrite) {
    const base = graph.evaluate(rewrite.file, rewrite.value);
    if (base.length > 0 && base.every((part) => 'hole' in part && part.hole === 'dyn')) return 'unresolved';
    parts = joinUrl(base, parts);
  }
  if (client?.fact.baseURL) {
    const base = graph.evaluate(client.file, client.fact.baseURL);
    // A base computed at run time (not an env var, which we read as the API origin) may carry a path
    // prefix we cannot see: the calls are unresolved rather than guessed without it.
    const runtime = base.length > 0 && base.every((part) => 'hole' in part && part.hole === 'dyn');
    if (runtime && !client.fact.typedPaths) return 'unresolved';
    if (!runtime) parts = joinUrl(base, parts);
  }
  const shape = clientPath(parts, graph.ownHosts);
  if ('external' in shape) return undefined;
  // Counted for coverage; one diagnostic per wrapper call would bury the real problems.
  if ('unresolved' in shape) return 'unresolved';
  const auth = call.auth || client?.fact.auth ? true : undefined;
  // A client instance may add credentials from its defaults or interceptors: its `none` proves nothing.
  const credentials = client && call.credentials === 'none' ? undefined : call.credentials;
  return {
    file,
    call,
    line: at.line,
    column: at.column,
    path: shape.path,
    query: [...new Set([...shape.query, ...(call.queryFields ?? [])])],
    method: call.method,
    ...(call.bodyFields
      ? { bodyFields: call.bodyFields, bodyOpen: call.bodyOpen === true, bodyValues: call.bodyValues }
      : {}),
    ...(auth === undefined ? {} : { auth }),
    ...(credentials ? { credentials } : {}),
    ...(shape.crossOrigin ? { crossOrigin: true as const } : {}),
    ...(shape.host ? { host: shape.host } : {}),
  };
}

function clientOf(
  graph: ModuleGraph,
  file: string,
  call: CallFact,
): { file: string; fact: ClientFact } | undefined {
  if (!call.via) return undefined;
  const symbol = graph.symbolOf(file, call.via);
  if (!symbol || !('local' in symbol)) return undefined;
  const fact = graph
    .facts(symbol.file)
    ?.clients.find((c) => c.id === symbol.local && c.client === call.client);
  return fact ? { file: symbol.file, fact } : undefined;
}

/** A React Query key is a request only where the app's default query function fetches it, and as it does. */
function queryKeyCall(call: CallFact, keyFetch: { url?: string; fn?: string }): CallFact | undefined {
  if (call.keyFn && call.keyFn !== keyFetch.fn) return undefined;
  if (keyFetch.url === 'join') return call;
  return keyFetch.url === 'first' && call.keyHead ? { ...call, url: call.keyHead } : undefined;
}

/** Per graph: the base each client's every request gets (`base:<client>` repo settings). */
const clientBases = new WeakMap<ModuleGraph, Map<string, { file: string; value: Value }>>();

function repoBases(
  files: readonly string[],
  graph: ModuleGraph,
): Map<string, { file: string; value: Value }> {
  const bases = new Map<string, { file: string; value: Value }>();
  for (const file of files)
    for (const [key, value] of Object.entries(graph.peek(file)?.settings ?? {}))
      if (key.startsWith('base:')) bases.set(key.slice('base:'.length), { file, value });
  return bases;
}

function repoSetting(files: readonly string[], graph: ModuleGraph, key: string): string | undefined {
  for (const file of files) {
    const value = graph.peek(file)?.settings[key];
    if (value?.k === 'str') return value.v;
  }
  return undefined;
}

/** Dev-proxy rewrites the repo declares (`/api` → ``), longest prefix first. */
function proxyRewrites(files: readonly string[], graph: ModuleGraph): [string, string][] {
  const rewrites: [string, string][] = [];
  for (const file of files) {
    for (const [key, value] of Object.entries(graph.peek(file)?.settings ?? {}))
      if (key.startsWith('proxy:') && value.k === 'str')
        rewrites.push([key.slice('proxy:'.length).replace(/\/$/, ''), value.v]);
  }
  return rewrites.sort((a, b) => b[0].length - a[0].length);
}

/** The path the API receives once the dev proxy has rewritten it. */
function rewrite(path: string, rewrites: [string, string][]): string {
  for (const [prefix, replacement] of rewrites) {
    if (path !== prefix && !path.startsWith(`${prefix}/`)) continue;
    const rest = path.slice(prefix.length);
    const joined = `${replacement.replace(/\/$/, '')}${rest}`;
    return joined === '' ? '/' : joined.startsWith('/') ? joined : `/${joined}`;
  }
  return path;
}
