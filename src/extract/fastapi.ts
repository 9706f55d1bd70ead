/**
 * FastAPI — https://fastapi.tiangolo.com/tutorial/bigger-applications/
 * `app = FastAPI()` and `router = APIRouter(prefix=…, dependencies=[Depends(…)])` are routers; `@router.get(…)`
 * decorators are routes; `app.include_router(users.router, prefix=…)` mounts one router in another, across
 * modules (the linker follows the imports). A route's signature says what the request carries: path
 * parameters by name, singular types as query parameters, a Pydantic model as the JSON body, and
 * `Depends(get_current_user)` / `Security(…)` as guards (their names decide `auth`, as middleware names do).
 */
import type { Value } from '../scan/value.js';
import { isAuthMiddleware } from './auth-names.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import type { FileFacts, RouteFact } from './facts.js';
import {
  appStatements,
  type PyFile,
  type PyNode,
  assignmentIn,
  callArguments,
  dottedName,
  genericOf,
  stringValue,
} from './python/py-file.js';
import { conditionFact, pythonRoute, rewriteLiterals, routerRef } from './python/routes.js';
import { pythonValue } from './python/values.js';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
// Parameters FastAPI fills itself: never part of what the client sends.
const FRAMEWORK_TYPES =
  /^(?:Request|Response|BackgroundTasks|WebSocket|HTTPConnection|SecurityScopes|Session|AsyncSession|StreamingResponse)$/;
// Types FastAPI reads from the query string when they are not path parameters.
const SINGULAR =
  /^(?:str|int|float|bool|bytes|UUID|uuid\.UUID|date|datetime|time|timedelta|Decimal|EmailStr|HttpUrl|AnyUrl|Literal\[.*\]|(?:list|List|set|Set|tuple|Tuple|Sequence)\[(?:str|int|float|bool|UUID)\])$/;
/**
 * FastAPI's `get_current_user` / `CurrentUser` / `get_admin_user` dependencies raise 401/403 without a valid
 * token: guards. In Express a
 * `current_user` middleware usually only loads the user, so the name alone is not a guard there; here it is
 * marked as one (`auth:` keeps the dependency's name readable in the endpoint's `via`).
 */
const CURRENT_USER =
  /current.?(?:active.?)?(?:super.?)?user|admin.?user|(?:get|require).?(?:current.?)?admin/i;

function guardName(dependency: string): string {
  return CURRENT_USER.test(dependency) ? `auth:${dependency}` : dependency;
}

/** Names the FastAPI docs give `Annotated[…, Depends(…)]` aliases: `SessionDep`, `CurrentUser`, `TokenDep`. */
const DEPENDENCY_ALIAS = /(?:Dep|Deps|Dependency|Session)$|^(?:Db|DB)[A-Z]|^Current[A-Z]\w*$/;
/** A project's helper returning `Depends(…)`, by the words such helpers are named with. */
const DEPENDENCY_HELPER = /Depend|Dep$|Auth|Permission|Guard|Current|Session|Scope|Login|Token/i;
/** `APIRouter` and a project's subclasses of it (`UserAPIRouter`, `APIRouterPro`), named after it. */
const ROUTER_CLASS = /^\w*APIRouter\w*$/;
const PARAM_CALL = /^(?:fastapi\.)?(?:Query|Path|Body|Form|File|Header|Cookie|Depends|Security)$/;

export const fastapi: Extractor = {
  name: 'fastapi',
  language: 'python',
  needs: 'python-parser',
  detect: (repo) => dependsOnPython(repo, 'fastapi'),
  prefilter: (text) => text.includes('fastapi') || /APIRouter|\.include_router\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const routers = new Set<string>();
    const aliases = new Map<string, string[]>();
    let order = 1;
    const custom = new Map<string, string>();
    // App factories (`def create_app()`) and helpers that mount routers (`def api_routers(): app.include_router(…)`).
    for (const statement of appStatements(file, /\bFastAPI\(|\.include_router\(/)) {
      if (statement.type === 'expression_statement') {
        const expression = statement.namedChildren[0];
        if (expression?.type === 'assignment')
          readAssignment(file, facts, expression, routers, aliases, custom);
        else if (expression?.type === 'call') readInclude(file, facts, expression, routers, order++);
      } else if (statement.type === 'decorated_definition' || statement.type === 'class_definition') {
        for (const decorated of viewFunctions(statement)) {
          for (const route of readRoutes(file, decorated.node, routers, aliases, order, custom)) {
            route.middleware.push(...decorated.guards);
            if (decorated.unread && !route.unreadGuard) route.unreadGuard = decorated.unread;
            facts.routes.push(route);
            order++;
          }
        }
      }
    }
  },
};

/**
 * A decorated function (one view), or the decorated methods of a class-based view (`@cbv(router)`, a
 * project's own `@controller(router)`), with the guards the class declares for all of them
 * (`user: User = Depends(get_current_user)` as a class attribute).
 */
function viewFunctions(statement: PyNode): { node: PyNode; guards: string[]; unread?: string }[] {
  const definition =
    statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
  if (definition?.type !== 'class_definition') return [{ node: statement, guards: [] }];
  const body = definition.childForFieldName('body')?.namedChildren ?? [];
  const guards = body.flatMap((member) => {
    const assignment = assignmentIn(member);
    const value = assignment?.childForFieldName('right');
    return value ? dependenciesIn(value) : [];
  });
  // A base class (`class AdminUserController(BaseAdminController)`) may declare the dependencies instead.
  const bases = definition
    .childForFieldName('superclasses')
    ?.text.replace(/^\(|\)$/g, '')
    .trim();
  const unread =
    !guards.some(isAuthMiddleware) && bases && bases !== 'object'
      ? `base class ${bases} (its dependencies are not read)`
      : undefined;
  return body.flatMap((member) =>
    member?.type === 'decorated_definition' ? [{ node: member, guards, ...(unread ? { unread } : {}) }] : [],
  );
}

/** `app = FastAPI(…)`, `router = APIRouter(prefix=…)`, `CurrentUser = Annotated[User, Depends(…)]`, `X = "…"`. */
function readAssignment(
  file: PyFile,
  facts: FileFacts,
  assignment: PyNode,
  routers: Set<string>,
  aliases: Map<string, string[]>,
  custom: Map<string, string>,
): void {
  const name = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (name?.type !== 'identifier' || !value) return;
  if (value.type === 'call') {
    const callee = dottedName(value.childForFieldName('function'))?.split('.').pop() ?? '';
    if (callee !== 'FastAPI' && !ROUTER_CLASS.test(callee)) return;
    const { keywords } = callArguments(value);
    const prefix = keywords.get('prefix');
    routers.add(name.text);
    // A project's own router class (`class AdminAPIRouter(APIRouter)`) may add guards in its __init__.
    if (callee !== 'FastAPI' && callee !== 'APIRouter') custom.set(name.text, callee);
    // Other modules reach it by name (`users.router`): the linker maps the binding to the router.
    facts.routerBindings[name.text] = name.text;
    facts.routers.push({
      id: name.text,
      framework: 'fastapi',
      // A FastAPI app can itself be mounted in another (`app.mount("/api/v1", app=api)`).
      isApp: callee === 'FastAPI' ? 'unless-mounted' : false,
      ...(prefix ? { basePath: normalizePath(pythonValue(prefix)) } : {}),
      ...file.position(assignment),
    });
    for (const dependency of dependencyNames(keywords.get('dependencies')))
      facts.routerMiddleware.push({ router: { local: name.text }, name: dependency, order: 0 });
    return;
  }
  const guards = dependenciesIn(value);
  if (guards.length === 0) return;
  aliases.set(name.text, guards);
  // For routes in other modules whose parameters are typed with it (`user: CurrentUser`).
  facts.settings[`fastapi.depends:${name.text}`] = { k: 'str', v: guards.join(',') };
}

/**
 * `parent.include_router(child, prefix=…, dependencies=[…])`, and `parent.mount("/api/v1", app=api)` of a
 * sub-application (a mounted `StaticFiles(…)` or other ASGI app made inline is not an API).
 */
function readInclude(
  file: PyFile,
  facts: FileFacts,
  call: PyNode,
  routers: Set<string>,
  order: number,
): void {
  const callee = call.childForFieldName('function');
  const method = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
  if (method !== 'include_router' && method !== 'mount') return;
  const parent = callee?.childForFieldName('object');
  const { positional, keywords } = callArguments(call);
  const child =
    method === 'mount' ? (positional[1] ?? keywords.get('app')) : (positional[0] ?? keywords.get('router'));
  if (!parent || !child) return;
  if (method === 'mount' && child.type !== 'identifier' && child.type !== 'attribute') return;
  const prefix = method === 'mount' ? (positional[0] ?? keywords.get('path')) : keywords.get('prefix');
  facts.mounts.push({
    parent: routerRef(parent, routers),
    child: routerRef(child, routers),
    ...(prefix ? { path: normalizePath(pythonValue(prefix)) } : {}),
    middleware: dependencyNames(keywords.get('dependencies')),
    order,
    ...conditionFact(call),
    ...file.position(call),
  });
}

/** One route per method of each `@router.<method>(path, …)` decorator on a function. */
function readRoutes(
  file: PyFile,
  decorated: PyNode,
  routers: Set<string>,
  aliases: Map<string, string[]>,
  order: number,
  custom: ReadonlyMap<string, string>,
): RouteFact[] {
  const fn = decorated.childForFieldName('definition');
  if (fn?.type !== 'function_definition') return [];
  const routes: RouteFact[] = [];
  for (const decorator of decorated.namedChildren) {
    const call = decorator?.type === 'decorator' ? decorator.namedChildren[0] : undefined;
    if (call?.type !== 'call') continue;
    const callee = call.childForFieldName('function');
    if (callee?.type !== 'attribute') continue;
    const verb = callee.childForFieldName('attribute')?.text ?? '';
    const object = callee.childForFieldName('object');
    if (!object || (!ROUTE_METHODS.has(verb) && verb !== 'api_route')) continue;
    const { positional, keywords } = callArguments(call);
    const pathNode = positional[0] ?? keywords.get('path');
    if (!pathNode) continue;
    const methods =
      verb === 'api_route'
        ? [...new Set(listStrings(keywords.get('methods')).map((m) => m.toUpperCase()))]
        : [verb.toUpperCase()];
    const path = normalizePath(pythonValue(pathNode));
    const input = readSignature(fn, path, aliases, new Set(Object.keys(file.facts.imports)));
    const status = Number(keywords.get('status_code')?.text);
    // `response_model=ItemPublic` or `list[ItemPublic]`: the model's fields are what the route answers.
    const response = responseModelOf(keywords.get('response_model'));
    for (const method of methods.length > 0 ? methods : ['GET'])
      routes.push(
        pythonRoute(
          file,
          decorator as PyNode,
          { router: routerRef(object, routers), framework: 'fastapi', method, path, order },
          {
            middleware: [...dependencyNames(keywords.get('dependencies')), ...input.guards],
            bodyFields: input.bodyFields,
            bodyOpen: input.bodyOpen,
            ...(input.bodyModel ? { bodySchemaRef: input.bodyModel } : {}),
            ...(input.params ? { modelParams: input.params } : {}),
            ...(response ? { responseSchemaRef: response.model } : {}),
            ...(response?.list ? { responseIsList: true } : {}),
            ...(custom.has(object.text)
              ? { unreadGuard: `router class ${custom.get(object.text)} (its own dependencies are not read)` }
              : {}),
            queryFields: input.queryFields,
            responses: Number.isInteger(status) ? [{ status }] : [],
          },
        ),
      );
  }
  return routes;
}

interface SignatureInput {
  params?: { name: string; type: Value }[];
  guards: string[];
  queryFields: string[];
  bodyFields: string[];
  bodyOpen: boolean;
  bodyModel?: Value;
}

/** What the function's parameters take from the request (FastAPI's rules for where each comes from). */
function readSignature(
  fn: PyNode,
  path: Value,
  aliases: Map<string, string[]>,
  imported: ReadonlySet<string>,
): SignatureInput {
  const pathParams = new Set(
    [...(path.k === 'str' ? path.v : '').matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string),
  );
  const input: SignatureInput = { guards: [], queryFields: [], bodyFields: [], bodyOpen: false };
  const models: { name: string; type: Value }[] = [];
  for (const param of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (!param) continue;
    const name = (
      param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChildren[0])
    )?.text;
    if (!name || name === 'self' || name === 'cls' || /splat/.test(param.type)) continue;
    let type = param.childForFieldName('type');
    const defaultValue = param.childForFieldName('value');
    let marker = defaultValue?.type === 'call' ? defaultValue : undefined;
    // Annotated[T, Query(alias=…)] / Annotated[T, Depends(…)]: the type and its marker.
    const annotated = unwrapAnnotated(type);
    if (annotated?.dependency) {
      input.guards.push(guardName(annotated.dependency));
      continue;
    }
    if (annotated) {
      type = annotated.type;
      marker = annotated.marker ?? marker;
    }
    const typeText = type?.text.replace(/\s+/g, '') ?? '';
    const markerName = marker
      ? dottedName(marker.childForFieldName('function'))?.split('.').pop()
      : undefined;
    const markerArgs = marker ? callArguments(marker) : undefined;
    if (markerName === 'Depends' || markerName === 'Security') {
      const dependency = dottedName(markerArgs?.positional[0] ?? markerArgs?.keywords.get('dependency'));
      if (dependency) input.guards.push(guardName(dependency));
      continue;
    }
    const aliased = aliases.get(typeText);
    if (aliased) {
      input.guards.push(...aliased.map(guardName));
      continue;
    }
    // An alias imported from elsewhere (`CurrentUser`, `SessionDep` from deps.py) cannot be opened here: the
    // FastAPI docs' naming says it is a dependency, and its name stands for the guard.
    if (imported.has(typeText) && DEPENDENCY_ALIAS.test(typeText)) {
      input.guards.push(guardName(typeText));
      continue;
    }
    if (pathParams.has(name) || markerName === 'Path' || markerName === 'Header' || markerName === 'Cookie')
      continue;
    if (FRAMEWORK_TYPES.test(typeText.split('.').pop() ?? '')) continue;
    const wire = stringValue(markerArgs?.keywords.get('alias')) ?? name;
    if (markerName === 'Query') input.queryFields.push(wire);
    else if (markerName === 'Body' || markerName === 'Form' || markerName === 'File')
      input.bodyFields.push(wire);
    else if (isSingular(typeText)) input.queryFields.push(wire);
    else if (
      type &&
      /^[A-Z]/.test(typeText.split('.').pop() ?? '') &&
      !/^(?:dict|Dict|Any|list|List)\b/.test(typeText)
    )
      models.push({ name: wire, type: pythonValue(type) });
    else if (/^(?:dict|Dict|Any)\b/.test(typeText)) input.bodyOpen = true;
  }
  // A class imported from another module may be an `Annotated[…, Depends(…)]` alias there rather than a
  // model (`AdminUserOrDefault`): the linker opens it and decides the body once it knows which are models.
  if (models.some((model) => model.type.k === 'ref' && imported.has(model.type.name))) {
    input.params = models;
    return input;
  }
  // One model is the body itself; with several (or with Body() fields) FastAPI embeds each under its name.
  if (models.length === 1 && input.bodyFields.length === 0)
    input.bodyModel = (models[0] as { type: Value }).type;
  else input.bodyFields.push(...models.map((model) => model.name));
  return input;
}

/** `Item` → the model; `list[Item]` / `List[Item]` / `Sequence[Item]` → a list of it; other generics: unread. */
function responseModelOf(node: PyNode | undefined): { model: Value; list: boolean } | undefined {
  if (!node) return undefined;
  if (node.type === 'identifier' || node.type === 'attribute')
    return { model: pythonValue(node), list: false };
  const generic = genericOf(node);
  if (!generic || !/^(?:typing\.)?(?:list|List|Sequence)$/.test(generic.head)) return undefined;
  const item = generic.args.length === 1 ? generic.args[0] : undefined;
  return item && (item.type === 'identifier' || item.type === 'attribute')
    ? { model: pythonValue(item), list: true }
    : undefined;
}

/**
 * `Annotated[T, Query(…)]` → T and the marker. Another call in the metadata (`Annotated[AsyncSession,
 * DBSessionDependency()]`) is a project helper returning `Depends(…)`: a dependency, named by the helper.
 */
function unwrapAnnotated(
  type: PyNode | null,
): { type: PyNode | null; marker?: PyNode; dependency?: string } | undefined {
  const generic = genericOf(type);
  if (!generic || !/^(?:typing\.)?Annotated$/.test(generic.head)) return undefined;
  const inner = generic.args[0] ?? null;
  const calls = generic.args.slice(1).filter((arg) => arg.type === 'call');
  const calleeOf = (call: PyNode) => dottedName(call.childForFieldName('function')) ?? '';
  const marker = calls.find((call) => PARAM_CALL.test(calleeOf(call)));
  // Pydantic's own metadata (`Field(gt=0)`, `StringConstraints(…)`, `AfterValidator(f)`) is not one.
  const helper = marker
    ? undefined
    : calls.map((call) => calleeOf(call).split('.').pop() ?? '').find((name) => DEPENDENCY_HELPER.test(name));
  return { type: inner, ...(marker ? { marker } : {}), ...(helper ? { dependency: helper } : {}) };
}

function isSingular(type: string): boolean {
  const bare = type
    .replace(/^Optional\[(.*)\]$/, '$1')
    .replace(/\|None$|^None\|/, '')
    .replace(/^Union\[(.*),None\]$/, '$1');
  return bare === '' || SINGULAR.test(bare);
}

/**
 * `[Depends(verify_token), Security(scopes)]` → the dependency names. An item that is another call
 * (`PreAuthDependency()`, a project's own helper returning `Depends(…)`) is named by what it calls.
 */
function dependencyNames(list: PyNode | undefined): string[] {
  if (list?.type !== 'list') return list ? dependenciesIn(list) : [];
  return list.namedChildren.flatMap((item) => {
    if (!item) return [];
    const found = dependenciesIn(item);
    if (found.length > 0 || item.type !== 'call') return found;
    const callee = dottedName(item.childForFieldName('function'))?.split('.').pop();
    return callee ? [guardName(callee)] : [];
  });
}

/** Names of the functions `Depends(…)` / `Security(…)` calls inside `node` take. */
function dependenciesIn(node: PyNode): string[] {
  const names: string[] = [];
  const visit = (current: PyNode, depth: number) => {
    if (depth > 20) return;
    if (current.type === 'call') {
      const fn = dottedName(current.childForFieldName('function'))?.split('.').pop();
      if (fn === 'Depends' || fn === 'Security') {
        const { positional, keywords } = callArguments(current);
        const dependency = dottedName(positional[0] ?? keywords.get('dependency'));
        if (dependency) names.push(guardName(dependency));
        return;
      }
    }
    for (const child of current.namedChildren) if (child) visit(child, depth + 1);
  };
  visit(node, 0);
  return names;
}

function listStrings(list: PyNode | undefined): string[] {
  return (list?.namedChildren ?? []).flatMap((item) => {
    const value = stringValue(item);
    return value === undefined ? [] : [value];
  });
}

/** FastAPI's `{name:path}` converter is the parameter `{name}`; a value's literal parts are rewritten. */
function normalizePath(value: Value): Value {
  return rewriteLiterals(value, (text) => text.replace(/\{(\w+):\w+\}/g, '{$1}'));
}
