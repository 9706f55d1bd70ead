/**
 * Angular HttpClient — https://angular.dev/guide/http/making-requests
 * Services get the client injected (`constructor(private http: HttpClient)` or `inject(HttpClient)`) and call
 * `this.http.get<T>(url, options)`, `post(url, body, options)`, `request(method, url, options)`; base URLs
 * come from `environment.ts` objects or class fields, which the linker resolves.
 */
import { type Node, dottedName, objectProperty, stringLiteral, unwrap, walk } from './ast.js';
import type { Value } from '../scan/value.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral, payloadFields, sendsCredentials, sentBody } from './request-options.js';

const NO_BODY = new Set(['get', 'delete', 'head', 'options', 'jsonp']);
const WITH_BODY = new Set(['post', 'put', 'patch']);

export const angular: Extractor = {
  name: 'angular',
  detect: (repo) => dependsOn(repo, '@angular/common'),
  prefilter: (text) =>
    text.includes('HttpClient') || (text.includes('HttpInterceptor') && text.includes('.clone(')),
  extract(file, facts) {
    const base = interceptorBase(file);
    if (base) facts.settings[ANGULAR_BASE_SETTING] = base;
    const clients = httpClientMembers(file.program);
    if (clients.size === 0) return;
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const receiver = dottedName(callee.object);
      if (!receiver?.startsWith('this.') || !clients.has(receiver.slice(5))) continue;
      const method = callee.property.name as string;
      const args = call.arguments as Node[];
      let urlNode: Node | undefined;
      let bodyNode: Node | undefined;
      let optionsNode: Node | undefined;
      let verb = method.toUpperCase();
      if (NO_BODY.has(method)) [urlNode, optionsNode] = args;
      else if (WITH_BODY.has(method)) [urlNode, bodyNode, optionsNode] = args;
      else if (method === 'request') {
        verb = stringLiteral(args[0])?.toUpperCase() ?? 'ANY';
        [, urlNode, optionsNode] = args;
        bodyNode = objectProperty(objectLiteral(file, optionsNode), 'body');
      } else continue;
      const body = bodyNode ? payloadFields(file, bodyNode) : undefined;
      const params = objectLiteral(file, objectProperty(objectLiteral(file, optionsNode), 'params'));
      const auth = sendsCredentials(file, optionsNode);
      facts.calls.push({
        client: 'angular',
        method: verb === 'JSONP' ? 'GET' : verb,
        url: file.valueOf(urlNode),
        ...(params ? { queryFields: payloadFields(file, params).fields } : {}),
        ...sentBody(body),
        ...(auth === undefined ? {} : { auth }),
        ...file.position(call),
      });
    }
  },
};

/** The repo setting an interceptor's URL prefix is kept under; the linker puts it before every call. */
export const ANGULAR_BASE_SETTING = 'base:angular';

/**
 * An interceptor that rewrites every request's URL (`req.clone({ url: \`${environment.api}${req.url}\` })`):
 * the prefix before `req.url` is the base of every HttpClient call. A rewrite we cannot split that way makes
 * the base unknown, so the calls count as unresolved rather than as calls to the wrong path.
 */
function interceptorBase(file: ParsedFile): Value | undefined {
  if (!file.text.includes('HttpInterceptor')) return undefined;
  for (const call of file.calls) {
    const callee = unwrap(call.callee);
    if (callee?.type !== 'MemberExpression' || callee.property?.name !== 'clone') continue;
    const request = unwrap(callee.object);
    if (request?.type !== 'Identifier') continue;
    const url = unwrap(objectProperty(objectLiteral(file, (call.arguments as Node[])[0]), 'url'));
    if (!url) continue;
    const isRequestUrl = (node: Node | undefined) => dottedName(unwrap(node)) === `${request.name}.url`;
    if (url.type === 'TemplateLiteral') {
      const expressions = url.expressions as Node[];
      const quasis = url.quasis as Node[];
      const lastQuasi = quasis[quasis.length - 1]?.value?.cooked ?? '';
      if (expressions.length > 0 && isRequestUrl(expressions[expressions.length - 1]) && lastQuasi === '') {
        const parts: Value[] = [];
        for (let i = 0; i < expressions.length - 1; i++) {
          parts.push({ k: 'str', v: quasis[i]?.value?.cooked ?? '' }, file.valueOf(expressions[i] as Node));
        }
        parts.push({ k: 'str', v: quasis[expressions.length - 1]?.value?.cooked ?? '' });
        return { k: 'concat', parts };
      }
    }
    if (url.type === 'BinaryExpression' && url.operator === '+' && isRequestUrl(url.right))
      return file.valueOf(url.left);
    return { k: 'dyn' };
  }
  return undefined;
}

/** Class members holding an HttpClient: injected constructor parameters and `inject(HttpClient)` fields. */
function httpClientMembers(program: Node): Set<string> {
  const names = new Set<string>();
  walk(program, (node) => {
    if (node.type === 'TSParameterProperty') {
      const param = node.parameter as Node;
      const type = dottedName(param.typeAnnotation?.typeAnnotation?.typeName);
      if (type === 'HttpClient' && param.type === 'Identifier') names.add(param.name);
    }
    if (node.type === 'PropertyDefinition' && node.key?.type === 'Identifier') {
      const value = unwrap(node.value);
      if (
        value?.type === 'CallExpression' &&
        dottedName(value.callee) === 'inject' &&
        dottedName(value.arguments[0]) === 'HttpClient'
      )
        names.add(node.key.name);
    }
  });
  return names;
}
