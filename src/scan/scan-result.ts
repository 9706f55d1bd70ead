/**
 * ScanResult v1 — the contract printed by `baton scan --json` (DESIGN §3).
 * Change only additively; anything else bumps `version`.
 */

export type RepoRole = 'frontend' | 'backend' | 'fullstack' | 'db';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'ANY';

/** `file` is relative to the repo root with forward slashes; `line` and `column` are 1-based. */
export interface SourceLocation {
  repo: string;
  file: string;
  line: number;
  column: number;
}

export interface Field {
  name: string;
  type?: string;
  required?: boolean;
  enum?: string[];
}

export interface RepoSummary {
  name: string;
  root: string;
  role: RepoRole;
  commit?: string;
  files: number;
  bytes: number;
}

export interface EndpointResponse {
  status: number | 'default';
  /** The answer's fields; with `array`, the fields of each item. */
  fields?: Field[];
  /** The answer is a JSON array (additive to v1): `response_model=list[Item]`. */
  array?: boolean;
}

/**
 * `required`: the endpoint demands credentials; `optional`: it reads them when present; `none`: no guard
 * or identity check found; `unknown`: we could not tell.
 */
export type AuthRequirement = 'required' | 'optional' | 'none' | 'unknown';

export interface Endpoint {
  id: string;
  repo: string;
  method: HttpMethod;
  path: string;
  framework: string;
  params: Field[];
  query: Field[];
  body?: { fields: Field[]; open: boolean };
  responses: EndpointResponse[];
  auth: AuthRequirement;
  /** Names of the middleware that made us decide `auth` (additive to v1). */
  authVia?: string[];
  /**
   * Registered only when this test holds (additive to v1): an `if settings.ENVIRONMENT == "local":` around
   * the route or a mount above it. The endpoint may be absent in production.
   */
  condition?: string;
  source: SourceLocation;
}

export interface Call {
  id: string;
  repo: string;
  method: HttpMethod;
  path: string;
  client: string;
  /** `open` (additive): the call sends a body whose fields we could not list. */
  body?: { fields: Field[]; open?: boolean };
  query: Field[];
  responseFields: string[];
  auth?: boolean;
  /**
   * What the request itself shows about credentials (additive to v1): an Authorization-type `header`,
   * `cookies` sent cross-origin (`credentials: 'include'`, `withCredentials`), or provably `none` (a `fetch`
   * whose options we read whole). Absent when unknown or set by a client instance's defaults.
   */
  credentials?: 'header' | 'cookies' | 'none';
  /** The URL names an origin other than the page's (additive to v1): cookies go only when asked for. */
  crossOrigin?: boolean;
  /** The host and port the URL writes out (`localhost:5000`), additive to v1. */
  host?: string;
  source: SourceLocation;
}

export interface Column {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
  /** The migration or model statement that last shaped the column (additive to v1). */
  source?: SourceLocation;
}

export interface Table {
  name: string;
  schema: string;
  columns: Column[];
  rls?: boolean;
  source: SourceLocation;
  /** A document store's collection (MongoDB via Mongoose): its fields are not checked like columns (additive to v1). */
  kind?: 'collection';
}

export interface Query {
  id: string;
  repo: string;
  table: string;
  columns: string[];
  op: 'select' | 'insert' | 'update' | 'delete' | 'upsert' | 'rpc' | 'unknown';
  client: string;
  source: SourceLocation;
  /** What `table` names when it is not a table: a storage bucket, a database function, an edge function (additive to v1). */
  target?: 'bucket' | 'function' | 'edge-function';
  /** Some columns could not be listed (`select('*')`, a write of a value of unknown shape) (additive to v1). */
  open?: boolean;
  /** An embedded relation (`author:profiles(name)`): the name may be a foreign key, not a table (additive to v1). */
  embedded?: boolean;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Mismatch {
  fingerprint: string;
  kind: string;
  severity: Severity;
  message: string;
  method?: string;
  path?: string;
  table?: string;
  column?: string;
  field?: string;
  call?: string;
  endpoint?: string;
  query?: string;
  suggestion?: string;
  sources: SourceLocation[];
}

export interface Finding {
  fingerprint: string;
  rule: string;
  severity: Severity;
  message: string;
  subject?: string;
  source: SourceLocation;
  fix?: string;
}

export interface Diagnostic {
  repo: string;
  file: string;
  message: string;
}

export interface ScanStats {
  files: number;
  bytes: number;
  parsedFiles: number;
  cachedFiles: number;
  unresolvedCalls: number;
  ms: number;
  /** Queries whose table or function name is known only at run time (additive to v1). */
  unresolvedQueries: number;
  /** Files listed but not analysed: too large, binary, minified, symlinks, unreadable (additive to v1). */
  skippedFiles: number;
}

export interface ScanResult {
  version: 1;
  project: string;
  scannedAt: string;
  repos: RepoSummary[];
  endpoints: Endpoint[];
  calls: Call[];
  tables: Table[];
  queries: Query[];
  mismatches: Mismatch[];
  findings: Finding[];
  diagnostics: Diagnostic[];
  stats: ScanStats;
  /** 0–100 from the mismatches (and later findings and tickets): docs/health.md (additive to v1). */
  health: { score: number; deductions: { kind: string; count: number; points: number }[] };
}
