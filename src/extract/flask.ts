/**
 * Flask — https://flask.palletsprojects.com/en/stable/blueprints/
 * `app = Flask(__name__)` is an app; `bp = Blueprint("users", __name__, url_prefix="/users")` a router;
 * `@app.route(path, methods=[…])`, `@bp.get(path)` and `add_url_rule(path, view_func=…)` are routes;
 * `app.register_blueprint(bp, url_prefix=…)` mounts a blueprint (across modules, nested blueprints too).
 * `<int:id>` path converters are `{id}`. The view reads its input from `request`: `request.json["x"]`,
 * `request.get_json().get("x")` (also through a local `data = request.get_json()`), `request.form[…]` and
 * `request.args.get(…)`. Decorators under the route (`@login_required`, `@jwt_required()`) are its guards.
 */
import type { Value } from '../scan/value.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import type { FileFacts, RouteFact } from './facts.js';
import {
  appStatements,
  type PyFile,
  type PyNode,
  callArguments,
  descendants,
  dottedName,
  stringValue,
  expressionOf,
} from './python/py-file.js';
import { conditionFact, pythonRoute, rewriteLiterals, routerRef } from './python/routes.js';
import { pythonValue } from './python/values.js';

const SHORTHAND = new Set(['get', 'post', 'put', 'patch', 'delete']);
const CALLS = new Set(['call']);
const SUBSCRIPTS = new Set(['subscript']);

export const flask: Extractor = {
  name: 'flask',
  language: 'python',
  needs: 'python-parser',
  detect: (repo) => dependsOnPython(repo, 'flask'),
  prefilter: (text) => text.includes('flask') || /\bBlueprint\(|\.register_blueprint\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const routers = new Set<string>();
    let order = 1;
    for (const statement of appStatements(file, /\b(?:Flask|Blueprint)\(/)) {
      const expression = expressionOf(statement);
      if (expression?.type === 'assignment') readRouter(file, facts, expression, routers);
      else if (expression?.type === 'call') {
        if (readCall(file, facts, expression, routers, order)) order++;
      } else if (statement.type === 'decorated_definition')
        for (const route of readRoutes(file, statement, routers, order)) {
          facts.routes.push(route);
          order++;
        }
    }
  },
};

function readRouter(file: PyFile, facts: FileFacts, assignment: PyNode, routers: Set<string>): void {
  const name = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (name?.type !== 'identifier' || value?.type !== 'call') return;
  const callee = dottedName(value.childForFieldName('function'))?.split('.').pop();
  if (callee !== 'Flask' && callee !== 'Blueprint') return;
  const prefix = callArguments(value).keywords.get('url_prefix');
  routers.add(name.text);
  facts.routerBindings[name.text] = name.text;
  facts.routers.push({
    id: name.text,
    framework: 'flask',
    isApp: callee === 'Flask',
    ...(prefix ? { basePath: flaskPath(pythonValue(prefix)) } : {}),
    ...file.position(assignment),
  });
}

/** `parent.register_blueprint(bp, url_prefix=…)` and `x.add_url_rule(path, view_func=…, methods=[…])`. */
function readCall(
  file: PyFile,
  facts: FileFacts,
  call: PyNode,
  routers: Set<string>,
  order: number,
): boolean {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  const object = callee?.childForFieldName('object');
  if (!object) return false;
  const { positional, keywords } = callArguments(call);
  if (method === 'register_blueprint') {
    const child = positional[0];
    if (!child) return false;
    const prefix = keywords.get('url_prefix');
    facts.mounts.push({
      parent: routerRef(object, routers),
      child: routerRef(child, routers),
      ...(prefix ? { path: flaskPath(pythonValue(prefix)) } : {}),
      middleware: [],
      order,
      ...conditionFact(call),
      ...file.position(call),
    });
    return true;
  }
  if (method !== 'add_url_rule') return false;
  const pathNode = positional[0] ?? keywords.get('rule');
  if (!pathNode) return false;
  for (const verb of methodsOf(keywords.get('methods')))
    facts.routes.push(
      pythonRoute(file, call, {
        router: routerRef(object, routers),
        framework: 'flask',
        method: verb,
        path: flaskPath(pythonValue(pathNode)),
        order,
      }),
    );
  return true;
}

function readRoutes(file: PyFile, decorated: PyNode, routers: Set<string>, order: number): RouteFact[] {
  const fn = decorated.childForFieldName('definition');
  if (fn?.type !== 'function_definition') return [];
  const decorators = decorated.namedChildren.filter((d): d is PyNode => d?.type === 'decorator');
  const routes: RouteFact[] = [];
  decorators.forEach((decorator, index) => {
    const call = decorator.namedChildren[0];
    if (call?.type !== 'call') return;
    const callee = call.childForFieldName('function');
    const verb = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    const object = callee?.childForFieldName('object');
    if (!object || !verb || (verb !== 'route' && !SHORTHAND.has(verb))) return;
    const { positional, keywords } = callArguments(call);
    const pathNode = positional[0] ?? keywords.get('rule');
    if (!pathNode) return;
    // Decorators listed below the route wrap the view: they run on every request to it.
    const guards = decorators.slice(index + 1).flatMap((d) => {
      const expression = d.namedChildren[0];
      const name = dottedName(
        expression?.type === 'call' ? expression.childForFieldName('function') : expression,
      );
      return name ? [name] : [];
    });
    const methods = verb === 'route' ? methodsOf(keywords.get('methods')) : [verb.toUpperCase()];
    const input = readInput(fn);
    for (const method of methods)
      routes.push(
        pythonRoute(
          file,
          decorator,
          {
            router: routerRef(object, routers),
            framework: 'flask',
            method,
            path: flaskPath(pythonValue(pathNode)),
            order,
          },
          { middleware: guards, bodyFields: input.body, queryFields: input.query, bodyOpen: input.bodyOpen },
        ),
      );
  });
  return routes;
}

/** What the view reads from `request`: JSON and form fields as the body, `args` as the query. */
function readInput(fn: PyNode): { body: string[]; query: string[]; bodyOpen: boolean } {
  const body = new Set<string>();
  const query = new Set<string>();
  let bodyOpen = false;
  // `data = request.get_json()` / `payload = request.json`: the local stands for the body.
  const bodyNames = new Set(['request.json', 'request.form', 'request.get_json()', 'request.values']);
  for (const assignment of descendants(fn, new Set(['assignment']))) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right && bodyNames.has(source(right))) bodyNames.add(left.text);
  }
  const record = (object: string, key: string | undefined) => {
    if (key === undefined) return;
    if (object === 'request.args') query.add(key);
    else if (bodyNames.has(object)) body.add(key);
  };
  for (const subscript of descendants(fn, SUBSCRIPTS)) {
    const object = subscript.childForFieldName('value');
    record(object ? source(object) : '', stringValue(subscript.childForFieldName('subscript')));
  }
  for (const call of descendants(fn, CALLS)) {
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'get') continue;
    const object = callee.childForFieldName('object');
    record(object ? source(object) : '', stringValue(callArguments(call).positional[0]));
  }
  // The whole body handed on (`User(**request.json)`, `schema.load(request.get_json())`) accepts anything.
  for (const call of descendants(fn, CALLS))
    for (const argument of callArguments(call).positional)
      if (
        argument.type === 'dictionary_splat' ||
        (bodyNames.has(source(argument)) && argument.type !== 'identifier')
      )
        bodyOpen = true;
  return { body: [...body], query: [...query], bodyOpen };
}

/** `request.get_json(silent=True)` and `request.get_json()` read the same thing. */
function source(node: PyNode): string {
  if (node.type === 'call') {
    const callee = dottedName(node.childForFieldName('function'));
    return callee ? `${callee}()` : node.text;
  }
  return dottedName(node) ?? node.text;
}

function methodsOf(list: PyNode | undefined): string[] {
  const methods = (list?.namedChildren ?? []).flatMap((item) => {
    const value = stringValue(item);
    return value ? [value.toUpperCase()] : [];
  });
  return methods.length > 0 ? [...new Set(methods)] : ['GET'];
}

/** Flask's `<int:id>` / `<id>` parameters as `{id}`. */
function flaskPath(value: Value): Value {
  return rewriteLiterals(value, (text) => text.replace(/<(?:\w+:)?(\w+)>/g, '{$1}'));
}
