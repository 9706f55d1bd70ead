/**
 * Django URLconfs and Django REST Framework routers — https://docs.djangoproject.com/en/stable/topics/http/urls/
 * Each module's `urlpatterns` is a router: `path("users/<int:pk>/", view)` and `re_path(r"^items/(?P<id>\d+)/$",
 * view)` are routes, `path("api/", include("shop.urls"))` mounts another module's patterns (or a DRF router's
 * `include(router.urls)`, or `urlpatterns += router.urls`), and `router.register(r"orders", OrderViewSet)` adds
 * the viewset's collection and detail routes. A URLconf no other includes is a root.
 *
 * Methods: `ViewSet.as_view({"get": "list", "post": "create"})` names them; a plain view or a registered viewset
 * may answer any method, so its routes are `ANY` (a call of any method matches them). Permissions
 * (`permission_classes`, DEFAULT_PERMISSION_CLASSES) live on the view classes and in settings, which this
 * reader does not follow: Django routes say nothing about auth, and the authz rules leave them alone.
 */
import type { Value } from '../scan/value.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import type { FileFacts, RouteFact } from './facts.js';
import {
  type PyFile,
  type PyNode,
  callArguments,
  dottedName,
  stringValue,
  expressionOf,
} from './python/py-file.js';
import { pythonRoute } from './python/routes.js';
import { pythonValue } from './python/values.js';

const URLCONF = 'urlpatterns';

export const django: Extractor = {
  name: 'django',
  language: 'python',
  needs: 'python-parser',
  detect: (repo) => dependsOnPython(repo, 'django', 'djangorestframework'),
  prefilter: (text) => text.includes(URLCONF),
  extract() {},
  extractPython(file, facts) {
    const routers = new Set<string>();
    let order = 1;
    const urlconf = () => {
      if (routers.has(URLCONF)) return;
      routers.add(URLCONF);
      facts.routerBindings[URLCONF] = URLCONF;
      facts.routers.push({ id: URLCONF, framework: 'django', isApp: 'unless-mounted', line: 1, column: 1 });
    };
    for (const statement of file.statements()) {
      const expression = expressionOf(statement);
      if (!expression) continue;
      if (expression.type === 'assignment' || expression.type === 'augmented_assignment') {
        const left = expression.childForFieldName('left')?.text;
        const right = expression.childForFieldName('right');
        if (!right) continue;
        if (left === URLCONF) {
          urlconf();
          order = readPatterns(file, facts, right, routers, order);
        } else if (
          left &&
          right.type === 'call' &&
          /(?:^|\.)(?:Default|Simple)Router$/.test(dottedName(right.childForFieldName('function')) ?? '')
        ) {
          routers.add(left);
          facts.routerBindings[left] = left;
          facts.routers.push({ id: left, framework: 'django', isApp: false, ...file.position(expression) });
        }
      } else if (expression.type === 'call') order = readRegister(file, facts, expression, routers, order);
    }
  },
};

/** The entries of `[path(…), re_path(…), …]`, `router.urls`, or a concatenation of those. */
function readPatterns(
  file: PyFile,
  facts: FileFacts,
  node: PyNode,
  routers: Set<string>,
  order: number,
): number {
  let next = order;
  if (node.type === 'binary_operator') {
    for (const side of [node.childForFieldName('left'), node.childForFieldName('right')])
      if (side) next = readPatterns(file, facts, side, routers, next);
    return next;
  }
  const routerUrls = routerOfUrls(node, routers);
  if (routerUrls) {
    facts.mounts.push({
      parent: { local: URLCONF },
      child: { local: routerUrls },
      middleware: [],
      order: next++,
      ...file.position(node),
    });
    return next;
  }
  if (node.type !== 'list' && node.type !== 'tuple') return next;
  for (const entry of node.namedChildren) {
    if (entry?.type !== 'call') continue;
    const fn = dottedName(entry.childForFieldName('function'))?.split('.').pop();
    if (fn !== 'path' && fn !== 're_path' && fn !== 'url') continue;
    const { positional } = callArguments(entry);
    const [route, target] = positional;
    if (!route || !target) continue;
    const prefix = djangoPath(pythonValue(route), fn !== 'path');
    const child = includeTarget(target, routers);
    if (child) {
      facts.mounts.push({
        parent: { local: URLCONF },
        child,
        path: prefix,
        middleware: [],
        order: next++,
        ...file.position(entry),
      });
      continue;
    }
    // `admin.site.urls` and other apps' pattern lists: served, but not this project's API.
    if (target.type === 'attribute' && target.childForFieldName('attribute')?.text === 'urls') continue;
    for (const method of viewMethods(target))
      facts.routes.push(djangoRoute(file, entry, { local: URLCONF }, method, prefix, next));
    next++;
  }
  return next;
}

/** `router.register(r"orders", OrderViewSet)`: the collection and the detail routes of a viewset. */
function readRegister(
  file: PyFile,
  facts: FileFacts,
  call: PyNode,
  routers: Set<string>,
  order: number,
): number {
  const callee = call.childForFieldName('function');
  const router = callee?.type === 'attribute' ? callee.childForFieldName('object')?.text : undefined;
  if (!router || !routers.has(router) || callee?.childForFieldName('attribute')?.text !== 'register')
    return order;
  const prefix = stringValue(callArguments(call).positional[0] ?? callArguments(call).keywords.get('prefix'));
  if (prefix === undefined) return order;
  const base = prefix.replace(/^\^|\$$/g, '').replace(/\/$/, '');
  for (const path of [`/${base}`, `/${base}/{pk}`])
    facts.routes.push(djangoRoute(file, call, { local: router }, 'ANY', { k: 'str', v: path }, order));
  return order + 1;
}

/** `include("shop.urls")`, `include(("shop.urls", "shop"))`, `include(router.urls)`. */
function includeTarget(node: PyNode, routers: Set<string>): { local: string } | { value: Value } | undefined {
  if (node.type !== 'call' || dottedName(node.childForFieldName('function'))?.split('.').pop() !== 'include')
    return undefined;
  let argument = callArguments(node).positional[0];
  if (argument?.type === 'tuple') argument = argument.namedChildren[0] ?? undefined;
  if (!argument) return undefined;
  const routerUrls = routerOfUrls(argument, routers);
  if (routerUrls) return { local: routerUrls };
  const module = stringValue(argument);
  if (module) return { value: { k: 'import', from: `py:${module.replace(/\./g, '/')}`, name: URLCONF } };
  // `include(api_urls)`: a module imported by name; its patterns are its `urlpatterns`.
  return { value: { k: 'member', of: pythonValue(argument), prop: URLCONF } };
}

function routerOfUrls(node: PyNode, routers: Set<string>): string | undefined {
  if (node.type !== 'attribute' || node.childForFieldName('attribute')?.text !== 'urls') return undefined;
  const object = node.childForFieldName('object')?.text;
  return object && routers.has(object) ? object : undefined;
}

/** `View.as_view({"get": "list", "post": "create"})` names the methods; anything else may take any. */
function viewMethods(view: PyNode): string[] {
  if (view.type !== 'call' || !/(?:^|\.)as_view$/.test(dottedName(view.childForFieldName('function')) ?? ''))
    return ['ANY'];
  const actions = callArguments(view).positional[0];
  if (actions?.type !== 'dictionary') return ['ANY'];
  const methods = actions.namedChildren.flatMap((pair) => {
    const key = stringValue(pair?.childForFieldName('key'));
    return key ? [key.toUpperCase()] : [];
  });
  return methods.length > 0 ? methods : ['ANY'];
}

/**
 * Views read `request.data` anywhere, so bodies are open; their permissions live on the view classes and in
 * settings, which are not read, so an unguarded Django route is `auth: unknown`.
 */
function djangoRoute(
  file: PyFile,
  at: PyNode,
  router: { local: string },
  method: string,
  path: Value,
  order: number,
): RouteFact {
  return pythonRoute(
    file,
    at,
    { router, framework: 'django', method, path, order },
    { bodyOpen: true, unreadGuard: 'permission_classes (not read)' },
  );
}

/** `users/<int:pk>/` → `/users/{pk}`; a regex route's `(?P<id>…)` → `{id}`, anchors dropped. */
function djangoPath(value: Value, regex: boolean): Value {
  if (value.k !== 'str') return value;
  let path = value.v;
  if (regex)
    path = path
      .replace(/^\^/, '')
      .replace(/\$$/, '')
      .replace(/\(\?P<(\w+)>[^)]*\)/g, '{$1}');
  else path = path.replace(/<(?:\w+:)?(\w+)>/g, '{$1}');
  return { k: 'str', v: `/${path}`.replace(/\/+/g, '/') };
}
