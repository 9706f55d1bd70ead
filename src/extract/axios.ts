/**
 * axios calls and instances — https://axios-http.com/docs/api_intro
 * `axios.create({ baseURL })` makes a client; calls through it are joined with the base by the linker.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import { importedNames } from './imported-names.js';
import { responseFields } from './response-reads.js';
import { wrapperTemplate } from './wrapper-template.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import {
  credentialsOf,
  objectLiteral,
  payloadFields,
  sendsCredentials,
  sentBody,
} from './request-options.js';
import type { Value } from '../scan/value.js';

const NO_BODY = new Set(['get', 'delete', 'head', 'options']);
const WITH_BODY = new Set(['post', 'put', 'patch']);
/**
 * `.get(` and friends. Anchored on the dot: a pattern that starts at an identifier would retry at every
 * letter of every identifier in the file; the receiver is read backwards from the dot instead.
 */
const CALL_SHAPE = /\.\s*(?:get|post|put|patch|delete|head|options|request)\s*\(/g;
/** `request({ url: … })`: an instance imported from elsewhere, called like axios itself. */
const CONFIG_CALL = /\b([A-Za-z_$][\w$]*)\s*\(\s*\{\s*url\s*:/g;

export const axios: Extractor = {
  name: 'axios',
  detect: (repo) => dependsOn(repo, 'axios'),
  prefilter: (text) => text.includes('axios') || callsAnImportedClient(text),
  extract(file, facts) {
    const axiosNames = file.importedFrom('axios', ['default', '*']);
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      // `this.client(config)`: an instance the class created, called like axios itself.
      const member = file.memberName(call.callee);
      if (member && facts.clients.some((c) => c.id === member)) {
        readCall(file, facts, call, 'request', { k: 'ref', name: member });
        continue;
      }
      // `AXIOS_INSTANCE(config)`: an instance made in this file, called like axios itself (orval's mutator).
      if (callee?.type === 'Identifier' && facts.clients.some((c) => c.id === callee.name)) {
        readCall(file, facts, call, 'request', { k: 'ref', name: callee.name as string });
        continue;
      }
      if (callee?.type === 'MemberExpression' && !callee.computed) {
        const receiver = unwrap(callee.object);
        const method = callee.property.name as string;
        if (method === 'create' && receiver?.type === 'Identifier' && axiosNames.has(receiver.name)) {
          readInstance(file, facts, call);
          continue;
        }
        if (method === 'use' && isRequestInterceptor(receiver)) {
          markInterceptorAuth(file, facts, receiver, call);
          continue;
        }
        if (!NO_BODY.has(method) && !WITH_BODY.has(method) && method !== 'request') continue;
        const via = clientOf(file, facts, receiver, axiosNames);
        if (via === undefined) continue;
        readCall(file, facts, call, method, via);
      } else if (callee?.type === 'Identifier' && axiosNames.has(callee.name)) {
        readCall(file, facts, call, 'request', null);
      } else if (callee?.type === 'Identifier' && isImportedConfigCall(file, facts, call, callee.name)) {
        // `request({ url, method, params })` with `request` an `axios.create()` instance from utils/request:
        // the linker keeps it only if the import resolves to a client.
        readCall(file, facts, call, 'request', { k: 'ref', name: callee.name });
      }
    }
  },
};

/**
 * Without `axios` in the text, a call can only go through an instance imported from elsewhere: most
 * `.get(` calls (Map, URLSearchParams, stores) are on local objects and need no syntax tree.
 */
function callsAnImportedClient(text: string): boolean {
  CALL_SHAPE.lastIndex = 0;
  let imported: Set<string> | undefined;
  for (const match of text.matchAll(CONFIG_CALL)) {
    imported ??= importedNames(text);
    if (imported.has(match[1] as string)) return true;
  }
  for (let match = CALL_SHAPE.exec(text); match; match = CALL_SHAPE.exec(text)) {
    const receiver = identifierBefore(text, match.index);
    if (!receiver) continue;
    imported ??= importedNames(text);
    if (imported.has(receiver)) return true;
  }
  return false;
}

/** A call of an imported name with a config object naming a `url`: the shape of an axios instance call. */
function isImportedConfigCall(file: ParsedFile, facts: FileFacts, call: Node, name: string): boolean {
  const imported = facts.imports[name];
  // The project's own module (`@/utils/request`), not a package's function that takes `{ url }`.
  if (!imported || !/^(?:\.|\/|@\/|~\/?|#|src\/)/.test(imported.from)) return false;
  const config = objectLiteral(file, (call.arguments as Node[])[0]);
  return config !== undefined && objectProperty(config, 'url') !== undefined;
}

function identifierBefore(text: string, end: number): string | undefined {
  // `api().get(`: the instance comes from calling `api`.
  if (text[end - 1] === ')' && text[end - 2] === '(') end -= 2;
  let start = end;
  while (start > 0 && /[\w$]/.test(text[start - 1] as string)) start--;
  return start < end && !/\d/.test(text[start] as string) ? text.slice(start, end) : undefined;
}

/** The receiver as a client reference; `null` for axios itself, undefined when it is not a client. */
function clientOf(file: ParsedFile, facts: FileFacts, receiver: Node | undefined, axiosNames: Set<string>) {
  // `this.client.get(…)` on an instance the class created.
  const member = receiver ? file.memberName(receiver) : undefined;
  if (member)
    return facts.clients.some((c) => c.id === member) ? ({ k: 'ref', name: member } as Value) : undefined;
  // `api().post(…)`: a function that builds and returns the instance.
  if (receiver?.type === 'CallExpression') {
    const callee = unwrap(receiver.callee);
    if (callee?.type === 'Identifier' && (facts.imports[callee.name] || file.topLevel.has(callee.name)))
      return { k: 'call', callee: { k: 'ref', name: callee.name } } as Value;
    return undefined;
  }
  if (receiver?.type !== 'Identifier') return undefined;
  if (axiosNames.has(receiver.name)) return null;
  if (file.localInit(receiver.name, receiver) || file.isFunctionParam(receiver.name, receiver))
    return undefined;
  if (facts.imports[receiver.name] || facts.clients.some((c) => c.id === receiver.name))
    return { k: 'ref', name: receiver.name } as Value;
  return undefined;
}

function readInstance(file: ParsedFile, facts: FileFacts, call: Node): void {
  const parent = file.parent(call);
  // `this.client = axios.create(…)` in a constructor, or a class field `client = axios.create(…)`.
  let id =
    file.bindingName(call) ??
    (parent?.type === 'AssignmentExpression' && parent.right === call
      ? file.memberName(parent.left)
      : undefined) ??
    (parent?.type === 'PropertyDefinition' && parent.key?.type === 'Identifier' && file.className(parent)
      ? `${file.className(parent)}.${parent.key.name}`
      : undefined);
  let factory: Node | undefined;
  if (!id) {
    // `export default () => { …; return axios.create(options) }`: the function is the client's name.
    const fn = file.enclosingFunction(call);
    const returned = parent?.type === 'ReturnStatement' || (fn && fn.body === call);
    const name = returned && fn ? file.functionName(fn) : undefined;
    if (name) {
      id = name;
      factory = fn;
    }
  }
  if (!id) return;
  const config = objectLiteral(file, call.arguments[0]);
  const baseNode = objectProperty(config, 'baseURL');
  facts.clients.push({
    id,
    client: 'axios',
    ...(baseNode ? { baseURL: file.valueOf(baseNode) } : {}),
    // A factory that sets an Authorization header on its options (`options.headers = { Authorization }`).
    auth:
      sendsCredentials(file, config) === true ||
      (factory !== undefined && /authorization|bearer/i.test(file.text.slice(factory.start, factory.end))),
    ...file.position(call),
  });
}

/** `http.interceptors.request.use(…)` */
function isRequestInterceptor(receiver: Node | undefined): boolean {
  const name = dottedName(receiver);
  return name?.endsWith('.interceptors.request') ?? false;
}

/** An interceptor that sets an Authorization header makes every call through the client authenticated. */
function markInterceptorAuth(
  file: ParsedFile,
  facts: FileFacts,
  receiver: Node | undefined,
  call: Node,
): void {
  const clientName = dottedName(receiver)?.split('.')[0];
  const client = facts.clients.find((c) => c.id === clientName);
  const text = file.text.slice(call.start, call.end);
  if (client && /authorization|bearer/i.test(text)) client.auth = true;
}

/** `{ ...config, ...options }` without its own `url`: the URL is the first spread config's. */
function spreadConfig(config: Node | undefined): Node | undefined {
  const object = unwrap(config);
  if (object?.type !== 'ObjectExpression' || objectProperty(object, 'url')) return undefined;
  const spread = (object.properties as Node[]).find(
    (p) => p.type === 'SpreadElement' && unwrap(p.argument)?.type === 'Identifier',
  );
  return spread?.argument as Node | undefined;
}

function readCall(file: ParsedFile, facts: FileFacts, call: Node, method: string, via: Value | null): void {
  const args = call.arguments as Node[];
  let urlNode: Node | undefined;
  let dataNode: Node | undefined;
  let configNode: Node | undefined;
  let verb = method;
  if (method === 'request') {
    // axios({ method, url, data }) / axios(url, config) / client.request({ … })
    const first = objectLiteral(file, args[0]);
    configNode = first ?? args[1];
    urlNode = first ? (objectProperty(first, 'url') ?? spreadConfig(first)) : args[0];
    // `client.request(config)`: one parameter is the whole config, URL included.
    if (!first && unwrap(args[0])?.type === 'Identifier' && args.length === 1) configNode = args[0];
    dataNode = objectProperty(objectLiteral(file, configNode), 'data');
    verb = stringLiteral(objectProperty(objectLiteral(file, configNode), 'method'))?.toLowerCase() ?? 'get';
  } else if (WITH_BODY.has(method)) {
    [urlNode, dataNode, configNode] = args;
  } else {
    [urlNode, configNode] = args;
    dataNode = objectProperty(objectLiteral(file, configNode), 'data');
  }
  // Unreadable URLs are kept: only the linker knows whether the receiver is an axios client at all.
  const url = file.valueOf(urlNode);
  const body = dataNode ? payloadFields(file, dataNode) : undefined;
  // axios has global defaults and interceptors: a config without credentials proves nothing.
  const credentials = credentialsOf(file, configNode);
  const auth = credentials === 'header' || credentials === 'cookies' ? true : undefined;
  const params = objectLiteral(file, objectProperty(objectLiteral(file, configNode), 'params'));
  const queryFields = params ? payloadFields(file, params).fields : [];
  const methodNode =
    method === 'request' ? objectProperty(objectLiteral(file, configNode), 'method') : undefined;
  const template = wrapperTemplate(file, call, url, {
    method: methodNode,
    options: configNode,
    body: dataNode,
  });
  if (
    template &&
    configNode !== undefined &&
    (configNode === urlNode || urlNode === spreadConfig(configNode))
  ) {
    template.optionsParam = template.optionsParam ?? unwrap(urlNode)?.name;
    template.urlFromOptions = true;
  }
  const reads = responseFields(file, call, 'axios');
  facts.calls.push({
    client: 'axios',
    method: verb.toUpperCase(),
    url,
    ...(reads.length > 0 ? { responseFields: reads } : {}),
    ...(template ? { template } : {}),
    ...(queryFields.length > 0 ? { queryFields } : {}),
    ...(via ? { via } : {}),
    ...sentBody(body),
    ...(auth === undefined ? {} : { auth, credentials }),
    ...file.position(call),
  });
}
