import type { FindingFact } from '../rules/rule.js';
import type { Credentials } from './request-options.js';
import type { SchemaOp } from '../schema/schema-op.js';
import type { Value } from '../scan/value.js';

/**
 * Facts are what one extractor learns from one file, before linking. They are plain JSON: cached per content
 * hash and passed between worker threads. Cross-file references stay symbolic (`Value`) for the linker.
 */

export interface Position {
  line: number;
  column: number;
}

/** How a local name came into a file: `name` is `default`, `*` (namespace) or an exported name. */
export interface ImportBinding {
  from: string;
  name: string;
}

export type ExportBinding = { local: string } | { from: string; name: string };

/** A router or app object an HTTP framework creates (`express()`, `Router()`). */
export interface RouterFact extends Position {
  id: string;
  framework: string;
  /**
   * Apps are the roots from which mounted paths are resolved. `unless-mounted`: a router that serves on its
   * own when nothing mounts it (a Hono instance is both an app and a sub-router).
   */
  isApp: boolean | 'unless-mounted';
  /** `new Hono().basePath('/api')`: a prefix on everything the router serves. */
  basePath?: Value;
}

/** Either a router created in this file (by id) or a value to resolve through imports and factories. */
export type RouterRef = { local: string } | { value: Value };

export interface RouteFact extends Position {
  /** Absent for file-based routes (Next.js, SvelteKit…), whose `path` is already the full path. */
  router?: RouterRef;
  framework: string;
  method: string;
  path: Value;
  /** Names of middleware given on the route itself. */
  middleware: string[];
  /** Registration order within the file, to apply router-level middleware registered before it. */
  order: number;
  bodyFields: string[];
  /** The handler passes `req.body` on whole, so it accepts anything. */
  bodyOpen: boolean;
  /** A declared body schema (zod, JSON schema, DTO): fields with types and whether they are required. */
  bodySchema?: SchemaFact;
  querySchema?: SchemaFact;
  /** A handler defined in another file (`router.post('/x', controller.create)`), read by the linker. */
  handlerRef?: Value;
  /** A schema declared elsewhere (a DTO class, an imported zod object), resolved by the linker. */
  bodySchemaRef?: Value;
  querySchemaRef?: Value;
  /**
   * A guard that may cover the route but is not read (Django's `permission_classes` and settings): an
   * unguarded route is then `auth: unknown`, not `none`. Says what the guard is.
   */
  unreadGuard?: string;
  /**
   * FastAPI parameters typed with a class (by parameter name), some imported: a model each, or an
   * `Annotated[…, Depends(…)]` alias in its module. The linker tells them apart and decides the body.
   */
  modelParams?: { name: string; type: Value }[];
  /** Registered only when this `if` test holds (`settings.ENVIRONMENT == "local"`). */
  condition?: string;
  /**
   * A declared response model (FastAPI's `response_model`): its fields become the 2xx answer's fields;
   * `responseIsList`: the answer is a list of it (`list[Item]`).
   */
  responseSchemaRef?: Value;
  responseIsList?: boolean;
  /** App-wide settings that shape this route's path and guards (NestJS global prefix, versioning, guards). */
  appSettings?: 'nest';
  version?: string;
  /** `@Public()`: exempt from app-wide guards. */
  public?: boolean;
  /** The controller class declaring a decorator route (NestJS middleware can target it by class). */
  controller?: string;
  queryFields: string[];
  responses: { status: number | 'default'; fields?: string[]; array?: boolean }[];
  /** Evidence of an in-handler identity check (`getServerSession()`, `auth()`), and whether it rejects. */
  sessionCheck?: { call: string; rejects: boolean };
}

/** What a handler reads from the request and sends back (see express-handler.ts). */
export interface HandlerRead {
  bodyFields: string[];
  bodyOpen: boolean;
  queryFields: string[];
  responses: { status: number | 'default'; fields?: string[] }[];
}

/**
 * Fields a schema declares; `closed`: fields it does not declare are dropped or rejected (undefined: an
 * app-wide setting decides, as NestJS's `whitelist`). `extends`: fields inherited from another schema.
 */
export interface SchemaFact {
  fields: {
    name: string;
    type?: string;
    required?: boolean;
    enum?: string[];
    /** A named enum declared elsewhere (a Python `class Role(str, Enum)`): the linker reads its values. */
    enumRef?: Value;
    /** The wire name was given explicitly (`Field(alias=…)`): an alias generator does not rename it. */
    aliased?: boolean;
  }[];
  closed: boolean | undefined;
  /** Pydantic's `alias_generator=to_camel` / `to_pascal`: the wire names of fields without an alias. */
  rename?: 'camel' | 'pascal';
  extends?: { schema: Value; partial: boolean; omit?: string[]; pick?: string[] };
}

/**
 * One schema source's statements in this file, as replayable ops (a migration's DDL; an ORM's models as the
 * tables they map to), with each model's table and field → column names for the queries written against it.
 */
export interface DatabaseFact {
  source:
    | 'sql'
    | 'prisma'
    | 'drizzle'
    | 'supabase-types'
    | 'typeorm'
    | 'sequelize'
    | 'mongoose'
    | 'sqlalchemy';
  ops: SchemaOp[];
  /** Written for SQLite or MySQL (backticks, AUTOINCREMENT…), whose names ignore case. */
  caseless?: boolean;
  models: ModelFact[];
}

export interface ModelFact extends Position {
  /** How code names it: the Prisma model (`User`), the Drizzle table binding (`users`). */
  name: string;
  schema: string;
  table: string;
  /** Field → column where they differ (`@map`, `varchar('created_at')`); other fields are their own columns. */
  fields: Record<string, string>;
  /** Fields that are relations, not columns (Prisma `posts Post[]`). */
  relations: string[];
  /** False for document stores (Mongoose): their fields are not columns to check. */
  relational: boolean;
}

export type QueryOp = 'select' | 'insert' | 'update' | 'delete' | 'upsert' | 'rpc' | 'unknown';

/** What a query names: a table, a storage bucket, a database function or an edge function. */
export type QueryTarget = 'table' | 'bucket' | 'function' | 'edge-function';

/**
 * One read or write by code. `table` is the name as written (a string value the linker evaluates); for an ORM
 * model accessor (`prisma.user`) it is the model name, mapped to its table by the linker.
 */
export interface QueryFact extends Position {
  client: string;
  op: QueryOp;
  table: Value;
  target: QueryTarget;
  /** The name is an ORM model, not a table (`prisma.user` → model `User` → its `@@map`). */
  model?: boolean;
  /** A table object of an ORM (`db.select().from(users)`): the model is where `users` is declared. */
  modelRef?: Value;
  /** A model named by its binding (`db.query.users`), wherever it is declared in the repo. */
  modelName?: string;
  columns: string[];
  /** Some columns could not be listed (`select('*')`, a write of a value of unknown shape). */
  open?: boolean;
  /** An embedded relation (`author:profiles(name)`): the name may be a foreign key rather than a table. */
  embedded?: boolean;
}

/**
 * A contract's operations by key (`getPost`, `posts.list`) with their paths (path prefixes of the routers
 * around them included), and contracts nested by reference with the prefixes in force where they are nested.
 */
export interface ContractFact {
  routes: Record<string, ContractRouteFact>;
  nested: Record<string, { contract: Value; prefix: Value[] }>;
}

export interface ContractRouteFact extends Position {
  method: string;
  path: Value;
  bodySchema?: SchemaFact;
  querySchema?: SchemaFact;
  bodySchemaRef?: Value;
  querySchemaRef?: Value;
}

export interface MountFact extends Position {
  parent: RouterRef;
  /** Absent for a mount without a path (`router.use(sub)`). */
  path?: Value;
  child: RouterRef;
  middleware: string[];
  order: number;
  /** Mounted only when this `if` test holds: every route under it is conditional. */
  condition?: string;
}

/** Router-level middleware (`router.use(requireAuth)`), applied to routes registered after it. */
export interface RouterMiddlewareFact {
  router: RouterRef;
  name: string;
  order: number;
  /** `app.use('/admin', requireAuth)`: the guard covers only routes under this path. */
  path?: Value;
}

/** An HTTP client instance with a base URL (`axios.create({ baseURL })`). */
export interface ClientFact extends Position {
  id: string;
  client: string;
  baseURL?: Value;
  auth: boolean;
  /**
   * The client's paths are typed against the server's own routes (Hono RPC): they already hold every prefix
   * the server adds, so a base computed at run time can only be the origin.
   */
  typedPaths?: boolean;
  /** The contract a typed client was made from (`initClient(contract, …)`). */
  contract?: Value;
}

export interface CallFact extends Position {
  client: string;
  method: string;
  url: Value;
  /** For instance clients: the receiver, resolved to a ClientFact by the linker; absent for globals like fetch. */
  via?: Value;
  bodyFields?: string[];
  bodyOpen?: boolean;
  /** Body fields sent as a string known at the call (`{ status: 'cancelled' }`): checked against enums. */
  bodyValues?: Record<string, string>;
  /** Query parameters given outside the URL (axios `params`). */
  queryFields?: string[];
  /** Top-level response fields the caller reads; `[]` when it uses the payload as an array. */
  responseFields?: string[];
  auth?: boolean;
  /**
   * What the request's own options show about credentials (`none`: provably nothing, for clients without
   * global defaults such as `fetch`). Client-level credentials (interceptors) are the ClientFact's `auth`.
   */
  credentials?: Credentials;
  /** A typed-contract client's operation (`posts.getPost`): the linker looks it up in the client's contract. */
  operation?: string;
  /** React Query: the key's first element, the URL when the app's default query function fetches `queryKey[0]`. */
  keyHead?: Value;
  /** React Query: the query names its key function (`queryFn: getQueryFn(…)`); a request only if that is the app's. */
  keyFn?: string;
  /**
   * Set when the URL uses a parameter of the enclosing named function: the function is a client wrapper and
   * this call a template its callers fill in. Names which parameters carry the method, options and body.
   */
  template?: WrapperTemplate;
}

export interface WrapperTemplate {
  fn: string;
  params: string[];
  methodParam?: string;
  /** An options/config parameter passed through whole or spread: its `method` and `body` come from callers. */
  optionsParam?: string;
  /** The options parameter is the whole request config: the URL is its `url` too (`client.request(config)`). */
  urlFromOptions?: boolean;
  bodyParam?: string;
}

/** What a call site passes in one argument, as far as a wrapper could use it. */
export interface ArgumentFact {
  value: Value;
  /** For a request-config object: its `url`. */
  url?: Value;
  /** For an object literal argument: its `method`, and the fields of its `body`/`data` (or its own keys). */
  method?: string;
  bodyFields?: string[];
  bodyOpen?: boolean;
  bodyValues?: Record<string, string>;
  fields?: string[];
  /** The object's own keys with a string known here: its values when the object is itself the body. */
  values?: Record<string, string>;
  auth?: boolean;
  credentials?: Credentials;
}

/**
 * A call of an imported or top-level function with a path-like argument (`api('/orders', {…})`,
 * `http.post('/x', body)`): a call through a client wrapper if the linker finds the callee is one. Inside a
 * named function that forwards its own parameters, it makes that function a wrapper too (`template`).
 */
export interface CallSiteFact extends Position {
  callee: Value;
  args: ArgumentFact[];
  template?: WrapperTemplate;
}

export interface FileFacts {
  /** A full syntax tree was built for this file (otherwise only the pre-filter ran). */
  parsed: boolean;
  /** What the text rules found in the file (committed credentials, exposed secrets); absent when nothing. */
  findings?: FindingFact[];
  imports: Record<string, ImportBinding>;
  exports: Record<string, ExportBinding>;
  reexportAll: string[];
  /** Top-level constant values, for URL and path resolution across files. */
  bindings: Record<string, Value>;
  routers: RouterFact[];
  routerBindings: Record<string, string>;
  /** Top-level functions that build and return a router: function name → router id. */
  factories: Record<string, string>;
  routes: RouteFact[];
  mounts: MountFact[];
  routerMiddleware: RouterMiddlewareFact[];
  clients: ClientFact[];
  calls: CallFact[];
  callSites: CallSiteFact[];
  /** Schemas declared in this file by name (DTO classes, exported zod objects). */
  schemas: Record<string, SchemaFact>;
  /** What this file contributes to the database schema: SQL statements, or tables declared by models. */
  database?: DatabaseFact;
  /** Reads and writes of tables, buckets and functions (supabase-js, Prisma, SQL…), before linking. */
  queries: QueryFact[];
  /** Typed contracts declared here by name (ts-rest `c.router({…})`), for clients made from them elsewhere. */
  contracts: Record<string, ContractFact>;
  /** Request handlers defined here by name (`register`, `users.create`), for routes in other files. */
  handlers: Record<string, HandlerRead>;
  /** App-wide settings found in this file (`nest.globalPrefix`, `nest.whitelist`…). */
  settings: Record<string, Value>;
  diagnostics: string[];
}

export function emptyFacts(parsed: boolean): FileFacts {
  return {
    parsed,
    imports: {},
    exports: {},
    reexportAll: [],
    bindings: {},
    routers: [],
    routerBindings: {},
    factories: {},
    routes: [],
    mounts: [],
    routerMiddleware: [],
    clients: [],
    calls: [],
    callSites: [],
    schemas: {},
    contracts: {},
    queries: [],
    handlers: {},
    settings: {},
    diagnostics: [],
  };
}

/** Facts of a file no extractor wanted: one shared, frozen instance (never mutated, cheap to cache). */
export const NO_FACTS: FileFacts = Object.freeze(emptyFacts(false)) as FileFacts;
