// Writes a synthetic but realistic TS/TSX monorepo for the scan benchmark.
// Every file is built from randomised identifiers, fields and literals so that no two files share a
// content hash: a content-keyed cache must do real work for every file, as it would on a real repo.
// Templates are multi-line literals so the generated code reads like code (and the formatter leaves it be).
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Field = { name: string; type: string };
export type Entity = { kebab: string; pascal: string; camel: string; plural: string; fields: Field[] };
type Endpoint = { method: Method; full: string; fn: string; entity: Entity };
type Unit = {
  r: Rng;
  name: string;
  ext: string;
  files: Map<string, string>;
  entities: Entity[];
  endpoints: Endpoint[];
};
type UiExport = { pkg: string; name: string };

// mulberry32: tiny and seedable, so the same target always yields a byte-identical tree.
export class Rng {
  constructor(private s: number) {}
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = Math.imul(this.s ^ (this.s >>> 15), 1 | this.s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int = (min: number, max: number) => min + Math.floor(this.next() * (max - min + 1));
  pick = <T>(items: readonly T[]): T => items[Math.floor(this.next() * items.length)] as T;
  chance = (p: number) => this.next() < p;
  sample<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, n);
  }
  // Skewed towards short files (median ~125 lines) like real repos, bounded to 50..400.
  lines = () => 50 + Math.floor(350 * this.next() ** 2);
}

const words = (s: string) => s.split(' ');
const NOUNS = words(
  'order customer invoice product shipment ticket project task comment team workspace report payment subscription ' +
    'coupon review article author category message channel notification booking room vehicle driver warehouse ' +
    'supplier lead deal campaign asset device sensor alert policy claim patient appointment course lesson student ' +
    'grade recipe playlist track album listing offer contract budget expense milestone release incident survey quote',
);
const QUALIFIERS = words('partner internal draft vendor guest legacy shared scheduled');
const FIELDS = words(
  'name:string title:string status:string total:number amount:number currency:string email:string phone:string ' +
    'createdAt:string updatedAt:string dueDate:string priority:number ownerId:string notes:string quantity:number ' +
    'price:number sku:string description:string city:string country:string rating:number score:number tags:string[] ' +
    'slug:string url:string isActive:boolean archived:boolean color:string weight:number label:string region:string ' +
    'progress:number locale:string verified:boolean expiresAt:string capacity:number discount:number',
).map((pair) => pair.split(':') as [string, string]);
const FIELD_PREFIX = words('primary last default max min billing public next');
const APP_NAMES = words(
  'atlas beacon cobalt delta ember falcon granite harbor iris juniper kestrel lumen nova',
);
const UI_NOUNS = words(
  'Card List Table Form Panel Dialog Header Row Badge Summary Editor Filters Toolbar Tabs',
);
const WORDS = words(
  'quick bright calm early fresh gentle hidden lucky modern narrow open proud rapid silent vivid',
);
const SUBS = words('items notes history members attachments events comments versions links metrics');
const ACTIONS = words('archive approve publish restore duplicate assign close reopen export sync');

export const pascal = (s: string) => s.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase());
const camel = (s: string) => pascal(s).charAt(0).toLowerCase() + pascal(s).slice(1);
const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
export const plural = (s: string) =>
  /[^aeiou]y$/.test(s) ? `${s.slice(0, -1)}ies` : /(s|x|ch|sh)$/.test(s) ? `${s}es` : `${s}s`;
const human = (s: string) => kebab(s).replace(/-/g, ' ');
export const countLines = (s: string) => s.split('\n').length - 1;
// Relative import specifier between two root-relative module paths, in the unit's extension style.
const imp = (u: Unit, from: string, to: string) => {
  const rel = path.posix.relative(path.posix.dirname(from), to);
  return `${rel.startsWith('.') ? rel : `./${rel}`}${u.ext}`;
};
// Appends generated blocks until the file reaches its line budget.
export function fill(head: string, target: number, block: (i: number) => string, tail = ''): string {
  let out = head;
  for (let i = 1, n = countLines(head) + countLines(tail); n < target; i++) {
    const b = block(i);
    out += b;
    n += countLines(b);
  }
  return out + tail;
}

export function makeEntity(r: Rng, taken: Set<string>): Entity {
  let k = r.chance(0.35) ? `${r.pick(QUALIFIERS)}-${r.pick(NOUNS)}` : r.pick(NOUNS);
  while (taken.has(k)) k = `${r.pick(WORDS)}-${k}`;
  taken.add(k);
  const fields = r.sample(FIELDS, r.int(4, 9)).map(([name, type]) => ({
    name: r.chance(0.25) ? `${r.pick(FIELD_PREFIX)}${pascal(name)}` : name,
    type,
  }));
  return { kebab: k, pascal: pascal(k), camel: camel(k), plural: plural(k), fields };
}

// --- server: express routers, app.ts mounting them ------------------------------------------------
function routeFile(u: Unit, e: Entity, prefix: string, target: number): string {
  const { r } = u;
  const param = r.chance(0.5) ? 'id' : `${e.camel}Id`;
  const named = r.chance(0.3); // `Router()` via a named import instead of `express.Router()`
  const seen = new Set<string>();
  const handler = (method: Method, sub: string, fn: string): string => {
    if (seen.has(`${method} ${sub}`)) return '';
    seen.add(`${method} ${sub}`);
    u.endpoints.push({ method, full: `/${e.plural}${sub}`.replace(/\/$/, ''), fn, entity: e });
    const fields = r.sample(e.fields, r.int(1, 4)).map((f) => f.name);
    const byId = sub.includes(':');
    const body =
      method === 'get' && !byId
        ? `    const page = Number(req.query.page ?? 1);
    const limit = Math.min(Number(req.query.limit ?? ${r.int(10, 50)}), ${r.int(100, 500)});
    res.json({ items: await store.list({ page, limit }), page, limit });`
        : method === 'get'
          ? `    const found = await store.get(req.params.${param});
    if (!found) {
      res.status(404).json({ error: '${human(e.pascal)} not found (${r.pick(WORDS)})' });
      return;
    }
    res.json(found);`
          : method === 'delete'
            ? `    await store.remove(req.params.${param});
    res.status(204).end();`
            : `    const { ${fields.join(', ')} } = req.body as Partial<${e.pascal}Record>;
    if (${fields[0]} === undefined) {
      res.status(400).json({ error: '${fields[0]} is required' });
      return;
    }
    const saved = await store.save({ ${byId ? `id: req.params.${param}, ` : ''}${fields.join(', ')} });
    res.status(${method === 'post' ? 201 : 200}).json(saved);`;
    return `router.${method}('${`${prefix}${sub}` || '/'}', ${method !== 'get' && r.chance(0.7) ? 'requireAuth, ' : ''}async (req, res, next) => {
  try {
${body}
  } catch (err) {
    next(err);
  }
});

`;
  };
  const head = `${named ? "import { Router } from 'express';" : "import express from 'express';"}
import { requireAuth } from '../middleware/auth${u.ext}';
import { createStore } from '../lib/store${u.ext}';

interface ${e.pascal}Record {
  id: string;
${e.fields.map((f) => `  ${f.name}: ${f.type};`).join('\n')}
}

const router = ${named ? 'Router()' : 'express.Router()'};
const store = createStore<${e.pascal}Record>('${u.name}:${e.plural}');

${handler('get', '', `list${pascal(e.plural)}`)}${handler('get', `/:${param}`, `get${e.pascal}`)}${handler('post', '', `create${e.pascal}`)}${handler(r.pick(['put', 'patch'] as const), `/:${param}`, `update${e.pascal}`)}${handler('delete', `/:${param}`, `delete${e.pascal}`)}`;
  const extra = (): string => {
    const [s, a] = [r.pick(SUBS), r.pick(ACTIONS)];
    if (r.chance(0.4)) return handler('post', `/:${param}/${a}`, `${a}${e.pascal}`);
    if (r.chance(0.5)) return handler('get', `/:${param}/${s}`, `list${e.pascal}${pascal(s)}`);
    const sub = `/:${param}/${s}${r.chance(0.5) ? '/:subId' : ''}`;
    return handler(r.pick(['post', 'delete'] as const), sub, `change${e.pascal}${pascal(s)}`);
  };
  // Capped: once every sub-route is taken `extra` yields nothing, and the loop must still end.
  const tail = r.chance(0.5) ? 'export default router;\n' : `export { router as ${e.camel}Router };\n`;
  return fill(head, target, (i) => (i > 60 ? '\n' : extra()), tail);
}

// Writes routes, app.ts and server helpers; returns the API prefix for the web side's config module.
function serverFiles(u: Unit, srv: string): string {
  const { r } = u;
  const style = r.pick(['nested', 'flat', 'aggregate'] as const); // where each resource's prefix lives
  const apiPrefix = r.pick(['/api', '/api', '/api/v1', '/api/v2']);
  const imports: string[] = [];
  const mounts: string[] = [];
  const importer = style === 'aggregate' ? `${srv}/routes/index` : `${srv}/app`;
  for (const e of u.entities) {
    const file = `${srv}/routes/${e.kebab}`;
    const text = routeFile(u, e, style === 'flat' ? `/${e.plural}` : '', r.lines());
    u.files.set(`${file}.ts`, text);
    const local = `${e.camel}Router`;
    const binding = text.includes('export default') ? local : `{ ${local} }`;
    imports.push(`import ${binding} from '${imp(u, importer, file)}';`);
    mounts.push(
      style === 'flat'
        ? `app.use('${apiPrefix}', ${local});`
        : style === 'nested'
          ? `app.use('${apiPrefix}/${e.plural}', ${local});`
          : `api.use('/${e.plural}', ${local});`,
    );
  }
  if (style === 'aggregate') {
    u.files.set(
      `${importer}.ts`,
      `import express from 'express';\n${imports.join('\n')}\n\nexport const api = express.Router();\n${mounts.join('\n')}\n`,
    );
  }
  u.files.set(
    `${srv}/app.ts`,
    `import express from 'express';
import { errorHandler } from './middleware/auth${u.ext}';
${style === 'aggregate' ? `import { api } from './routes/index${u.ext}';` : imports.join('\n')}

export const app = express();
app.use(express.json({ limit: '${r.int(1, 20)}mb' }));
app.use((req, _res, next) => {
  if (process.env.LOG_REQUESTS) console.log('[${u.name}]', req.method, req.url);
  next();
});

app.get('/health', (_req, res) => {
  res.json({ ok: true, service: '${u.name}' });
});

${style === 'aggregate' ? `app.use('${apiPrefix}', api);` : mounts.join('\n')}
app.use(errorHandler);

if (process.env.NODE_ENV !== 'test') {
  const port = Number(process.env.PORT ?? ${r.int(3000, 9000)});
  app.listen(port, () => console.log(\`${u.name} listening on \${port}\`));
}
`,
  );
  u.files.set(
    `${srv}/middleware/auth.ts`,
    `import type { NextFunction, Request, Response } from 'express';

export function requireAuth(req: Request, res: Response, next: NextFunction): void {
  if (!req.header('${r.pick(['authorization', 'x-api-key', 'x-session'])}')) {
    res.status(401).json({ error: 'unauthenticated (${u.name})' });
    return;
  }
  next();
}

export function errorHandler(err: unknown, _req: Request, res: Response, _next: NextFunction): void {
  res.status(${r.pick([500, 502, 503])}).json({ error: err instanceof Error ? err.message : '${r.pick(WORDS)} failure' });
}
`,
  );
  u.files.set(
    `${srv}/lib/store.ts`,
    `export function createStore<T extends { id: string }>(name: string) {
  const rows = new Map<string, T>();
  let seq = ${r.int(1, 9999)};
  return {
    name,
    list: async ({ page, limit }: { page: number; limit: number }) =>
      [...rows.values()].slice((page - 1) * limit, page * limit),
    get: async (id: string | undefined) => (id ? rows.get(id) : undefined),
    remove: async (id: string | undefined) => void (id && rows.delete(id)),
    async save(input: Partial<T>): Promise<T> {
      const id = input.id ?? \`${u.name.slice(0, 4)}_\${seq++}\`;
      const row = { ...rows.get(id), ...input, id } as T;
      rows.set(id, row);
      return row;
    },
  };
}
`,
  );
  return apiPrefix;
}

// --- web: services and hooks calling the API with fetch or axios -----------------------------------
function callFn(u: Unit, ep: Endpoint, style: string, suffix: string): string {
  const { r } = u;
  const params = [...ep.full.matchAll(/:(\w+)/g)].map((m) => `${m[1]}: string`);
  const url = ep.full.replace(/:(\w+)/g, (_m, p: string) => `\${${p}}`);
  const hasBody = ep.method === 'post' || ep.method === 'put' || ep.method === 'patch';
  const body = r
    .sample(ep.entity.fields, r.int(1, 3))
    .map((f) => `${f.name}: input.${f.name}`)
    .join(', ');
  const args = [...params, ...(hasBody ? [`input: Partial<${ep.entity.pascal}>`] : [])].join(', ');
  const name = `${ep.fn}${suffix}`;
  if (style !== 'fetch') {
    const target = style === 'client' ? `\`${url}\`` : `\`\${API_BASE}${url}\``;
    return `export async function ${name}(${args}) {
  const { data } = await ${style}.${ep.method}<${ep.entity.pascal}>(${target}${hasBody ? `, { ${body} }` : ''});
  return data;
}

`;
  }
  const target = params.length || r.chance(0.7) ? `\`\${API_BASE}${url}\`` : `API_BASE + '${url}'`;
  const init = hasBody
    ? `, {
    method: '${ep.method.toUpperCase()}',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ${body} }),
  }`
    : ep.method === 'get'
      ? ''
      : `, { method: '${ep.method.toUpperCase()}' }`;
  return `export async function ${name}(${args}) {
  const res = await fetch(${target}${init});
  if (!res.ok) {
    throw new Error(\`${name} failed (${r.pick(WORDS)}): \${res.status}\`);
  }
  return ${ep.method === 'delete' ? 'true' : `(await res.json()) as ${ep.entity.pascal}`};
}

`;
}

function httpFile(u: Unit, web: string, file: string, e: Entity): string {
  const { r } = u;
  const hook = file.includes('/hooks/');
  const style = hook ? 'fetch' : r.pick(['fetch', 'fetch', 'axios', 'client']);
  const own = u.endpoints.filter((x) => x.entity === e);
  const head = `${hook ? "import { useEffect, useState } from 'react';\n" : ''}${style === 'fetch' ? '' : "import axios from 'axios';\n"}import { API_BASE } from '${imp(u, file, `${web}/config`)}';
import type { ${e.pascal} } from '${imp(u, file, `${web}/types/${e.kebab}`)}';

${style === 'client' ? `const client = axios.create({ baseURL: API_BASE, timeout: ${r.int(2, 30) * 1000} });\n\n` : ''}${
  hook
    ? `export function use${e.pascal}${pascal(r.pick(WORDS))}(id: string) {
  const [data, setData] = useState<${e.pascal} | null>(null);
  const [error, setError] = useState<Error | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(\`\${API_BASE}/${e.plural}/\${id}\`)
      .then((res) => res.json() as Promise<${e.pascal}>)
      .then((json) => {
        if (!cancelled) setData(json);
      })
      .catch((err: Error) => setError(err));
    return () => {
      cancelled = true;
    };
  }, [id]);
  return { data, error, loading: !data && !error };
}

`
    : ''
}`;
  return fill(head, r.lines(), (i) => {
    const reuse = i > own.length; // past the entity's own endpoints, call them again under new names
    let ep = reuse ? r.pick(own) : (own[i - 1] as Endpoint);
    // ~5% of calls hit a path the server never declares, as drifting clients do.
    if (r.chance(0.05))
      ep = { ...ep, method: 'get', full: `${ep.full}/${r.pick(ACTIONS)}`, fn: `${ep.fn}Legacy` };
    return callFn(u, ep, style, reuse ? `${pascal(r.pick(WORDS))}${i}` : '');
  });
}

// --- web: React components (the bulk of the tree, no HTTP) -----------------------------------------
function componentFile(u: Unit, file: string, web: string, e: Entity, name: string, ui?: UiExport): string {
  const { r } = u;
  const shown = r.sample(e.fields, r.int(2, e.fields.length));
  const state = camel(`${r.pick(WORDS)}-${r.pick(['filter', 'mode', 'query', 'page', 'open'])}`);
  const props = r.sample(
    ['compact?: boolean', 'onSelect?: (id: string) => void', 'className?: string', 'disabled?: boolean'],
    3,
  );
  const head = `import { useCallback, useMemo, useState } from 'react';
import type { ${e.pascal} } from '${imp(u, file, `${web}/types/${e.kebab}`)}';
${ui ? `import { ${ui.name} } from '@acme/${ui.pkg}';\n` : ''}
export interface ${name}Props {
  ${e.camel}: ${e.pascal};
${props
  .slice(0, r.int(1, 3))
  .map((p) => `  ${p};`)
  .join('\n')}
}

export function ${name}({ ${e.camel}, ...rest }: ${name}Props) {
  const [${state}, set${pascal(state)}] = useState(${r.pick(["''", '0', 'false'])});
  const summary = useMemo(() => [${shown.map((f) => `${e.camel}.${f.name}`).join(', ')}].join(' · '), [${e.camel}]);
  const toggle = useCallback(() => set${pascal(state)}((prev) => prev), []);
  return (
    <div className="${kebab(name)}" data-testid="${u.name}-${kebab(name)}" data-state={String(${state})} {...rest}>
      <h3 title={summary}>{${e.camel}.${shown[0]?.name}}</h3>${ui ? `\n      <${ui.name} />` : ''}
      <dl>
${shown.map((f) => `        <dt>${human(f.name)}</dt>\n        <dd>{String(${e.camel}.${f.name})}</dd>`).join('\n')}
      </dl>
      <button type="button" onClick={toggle}>
        ${r.pick(WORDS)} ${human(e.pascal)}
      </button>
    </div>
  );
}
`;
  return fill(head, r.lines(), (i) => {
    const f = r.pick(e.fields).name;
    const kind = r.int(0, 3);
    if (kind === 0) {
      return `
export function ${name}${r.pick(UI_NOUNS)}${i}({ items }: { items: ${e.pascal}[] }) {
  if (items.length === 0) return <p className="empty">No ${human(e.plural)} ${r.pick(WORDS)} yet</p>;
  return (
    <ul className="${kebab(name)}-${i}">
      {items.map((item) => (
        <li key={item.id}>{String(item.${f})}</li>
      ))}
    </ul>
  );
}
`;
    }
    if (kind === 1) {
      return `
function sortBy${pascal(f)}${i}(items: ${e.pascal}[], desc = ${r.chance(0.5)}): ${e.pascal}[] {
  return [...items].sort((a, b) => {
    const order = String(a.${f}).localeCompare(String(b.${f}));
    return desc ? -order : order;
  });
}
`;
    }
    if (kind === 2) {
      return `
export function ${name}${pascal(f)}Field${i}({ value, onChange }: { value: string; onChange: (next: string) => void }) {
  const [draft, setDraft] = useState(value);
  return (
    <label className="field">
      <span>${human(f)}</span>
      <input value={draft} maxLength={${r.int(20, 400)}} onChange={(ev) => setDraft(ev.target.value)} onBlur={() => onChange(draft)} />
    </label>
  );
}
`;
    }
    const rows = Array.from(
      { length: r.int(2, 6) },
      (_v, j) =>
        `  { value: '${r.pick(WORDS)}-${j}', label: '${r.pick(WORDS)} ${human(f)}', weight: ${r.int(1, 99)} },`,
    );
    return `\nexport const ${kebab(name).replace(/-/g, '_').toUpperCase()}_OPTIONS_${i} = [\n${rows.join('\n')}\n] as const;\n`;
  });
}

// --- web: utilities (with tests), types, config ------------------------------------------------------
function utilFn(r: Rng, e: Entity, i: number): { code: string; name: string; test: string } {
  const kind = r.int(0, 4);
  const n = r.int(2, 80);
  const name = `${['clamp', 'format', 'group', 'slugify', 'chunk'][kind]}${e.pascal}${pascal(r.pick(e.fields).name)}${i}`;
  const sep = r.pick(['-', '_']);
  const cases: [string, string][] = [
    [
      `export function ${name}(value: number, min = 0, max = ${n}): number {
  if (Number.isNaN(value)) return min;
  return Math.min(Math.max(value, min), max);
}`,
      `expect(${name}(${n + 5})).toBe(${n});`,
    ],
    [
      `const formatter${i} = new Intl.NumberFormat('${r.pick(['en-US', 'de-DE', 'fr-FR'])}', { style: 'currency', currency: '${r.pick(['USD', 'EUR', 'GBP'])}' });

export function ${name}(amount: number): string {
  return formatter${i}.format(amount / ${r.pick([1, 100, 1000])});
}`,
      `expect(typeof ${name}(${n * 17})).toBe('string');`,
    ],
    [
      `export function ${name}<T extends Record<string, unknown>>(items: T[], key: keyof T): Record<string, T[]> {
  const out: Record<string, T[]> = {};
  for (const item of items) {
    const bucket = String(item[key]);
    out[bucket] = [...(out[bucket] ?? []), item];
  }
  return out;
}`,
      `expect(Object.keys(${name}([{ k: 1 }, { k: 2 }, { k: 1 }], 'k'))).toHaveLength(2);`,
    ],
    [
      `export function ${name}(text: string): string {
  return text.toLowerCase().trim().replace(/[^a-z0-9]+/g, '${sep}').slice(0, ${n + 20});
}`,
      `expect(${name}('${pascal(r.pick(WORDS))} ${r.pick(WORDS)}')).toContain('${sep}');`,
    ],
    [
      `export function ${name}<T>(items: T[], size = ${r.int(2, 50)}): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}`,
      `expect(${name}([1, 2, 3, 4, 5], 2)).toHaveLength(3);`,
    ],
  ];
  const [code, test] = cases[kind] as [string, string];
  return { code: `${code}\n\n`, name, test };
}

function typesFile(r: Rng, e: Entity): string {
  const statuses = r.sample(words('draft active pending archived failed done queued paused'), r.int(2, 5));
  const head = `export interface ${e.pascal} {
  id: string;
${e.fields.map((f) => `  ${f.name}: ${f.type};`).join('\n')}
}

export type ${e.pascal}Status = ${statuses.map((s) => `'${s}'`).join(' | ')};
export type Create${e.pascal}Input = Omit<${e.pascal}, 'id'>;
export type Update${e.pascal}Input = Partial<Create${e.pascal}Input>;
`;
  return fill(head, r.lines(), (i) => {
    const extra = r.sample(FIELDS, r.int(2, 6)).map(([n, t]) => `  ${n}${r.chance(0.3) ? '?' : ''}: ${t};`);
    return `\nexport interface ${e.pascal}${pascal(r.pick(WORDS))}View${i} {\n  ${e.camel}Id: string;\n${extra.join('\n')}\n}\n`;
  });
}

function configFile(r: Rng, prefix: string): string {
  const base = r.pick([
    `'${prefix}'`,
    `import.meta.env.VITE_API_URL ?? '${prefix}'`,
    `process.env.API_URL ?? '${prefix}'`,
  ]);
  const head = `export const API_BASE = ${base};\nexport const REQUEST_TIMEOUT_MS = ${r.int(2, 60) * 500};\n\nexport const FEATURE_FLAGS = {\n`;
  return fill(
    head,
    50,
    (i) => `  ${camel(`${r.pick(WORDS)}-${r.pick(NOUNS)}`)}${i}: ${r.chance(0.5)},\n`,
    '} as const;\n',
  );
}

// --- assembling apps and packages --------------------------------------------------------------------
function buildUnit(seed: number, index: number, uiExports: UiExport[], isPackage: boolean): Unit {
  const r = new Rng(seed);
  const name = `${r.pick(APP_NAMES)}-${r.pick(WORDS)}-${index}`;
  const u: Unit = { r, name, ext: r.chance(0.3) ? '.js' : '', files: new Map(), entities: [], endpoints: [] };
  const taken = new Set<string>();
  for (let i = r.int(isPackage ? 2 : 4, isPackage ? 4 : 10); i > 0; i--)
    u.entities.push(makeEntity(r, taken));
  const entity = (i: number) => u.entities[i % u.entities.length] as Entity;
  const split = !isPackage && r.chance(0.4); // separate -api and -web workspaces instead of one full-stack app
  const root = isPackage ? `packages/ui-${name}` : `apps/${name}`;
  const web = split ? `${root}-web/src` : `${root}/src`;
  const manifest = (dir: string, deps: Record<string, string>) => {
    const pkg = {
      name: `@acme/${path.posix.basename(dir)}`,
      private: true,
      type: 'module',
      dependencies: deps,
    };
    u.files.set(`${dir}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);
  };
  const express = { express: '^4.19.2', cors: '^2.8.5' };
  const react = { react: '^18.3.1', 'react-dom': '^18.3.1', axios: '^1.7.0' };
  if (isPackage) {
    manifest(root, { react: '^18.3.1' });
  } else if (split) {
    manifest(`${root}-api`, express);
    manifest(`${root}-web`, react);
  } else {
    manifest(root, { ...express, ...react });
  }
  if (!isPackage)
    u.files.set(
      `${web}/config.ts`,
      configFile(r, serverFiles(u, split ? `${root}-api/src` : `${root}/server`)),
    );
  for (const e of u.entities) u.files.set(`${web}/types/${e.kebab}.ts`, typesFile(r, e));

  // File mix per app: ~15% HTTP clients (hooks/services), ~5% routes (one per entity), ~5% utils, ~7% tests, rest components.
  const nFiles = u.entities.length * r.int(17, 22);
  for (let i = 0; !isPackage && i < Math.round(nFiles * 0.165); i++) {
    const e = entity(i);
    const file = i % 2 ? `${web}/hooks/use-${e.kebab}-${i}.ts` : `${web}/services/${e.kebab}-api-${i}.ts`;
    u.files.set(file, httpFile(u, web, file, e));
  }
  const utils: { file: string; fns: { name: string; test: string }[] }[] = [];
  for (let i = 0; i < Math.max(1, Math.round(nFiles * 0.05)); i++) {
    const mod = {
      file: `${web}/utils/${r.pick(WORDS)}-${entity(i).kebab}-${i}`,
      fns: [] as { name: string; test: string }[],
    };
    const text = fill('', r.lines(), (j) => {
      const fn = utilFn(r, entity(i), j);
      mod.fns.push(fn);
      return fn.code;
    });
    u.files.set(`${mod.file}.ts`, text);
    utils.push(mod);
  }
  for (let i = 0; i < Math.round(nFiles * 0.07); i++) {
    const mod = utils[i % utils.length] as (typeof utils)[number];
    const file = `${web}/__tests__/${path.posix.basename(mod.file)}-${i}.test.ts`;
    const fns = r.sample(mod.fns, r.int(1, mod.fns.length));
    const head = `import { describe, expect, it } from 'vitest';\nimport { ${fns.map((f) => f.name).join(', ')} } from '${imp(u, file, mod.file)}';\n`;
    const text = fill(head, r.int(50, 200), (k) => {
      const fn = fns[k % fns.length] as (typeof fns)[number];
      return `\ndescribe('${fn.name} #${k}', () => {\n  it('handles the ${r.pick(WORDS)} case', () => {\n    ${fn.test}\n  });\n});\n`;
    });
    u.files.set(file, text);
  }
  const components: string[] = [];
  while (u.files.size < nFiles) {
    const e = entity(components.length);
    let n = `${e.pascal}${r.pick(UI_NOUNS)}`;
    while (components.includes(n)) n = `${e.pascal}${pascal(r.pick(WORDS))}${r.pick(UI_NOUNS)}`;
    components.push(n);
    const file = `${web}/components/${n}.tsx`;
    const ui = uiExports.length && r.chance(0.4) ? r.pick(uiExports) : undefined;
    u.files.set(file, componentFile(u, file, web, e, n, ui));
  }
  if (isPackage) {
    const barrel = components.map((n) => `export { ${n} } from './components/${n}${u.ext}';`);
    u.files.set(`${web}/index.ts`, `${barrel.join('\n')}\n`);
    for (const n of r.sample(components, 6)) uiExports.push({ pkg: `ui-${name}`, name: n });
  }
  return u;
}

async function writeAll(dir: string, files: Map<string, string>): Promise<void> {
  const dirs = new Set([...files.keys()].map((f) => path.dirname(path.join(dir, f))));
  await Promise.all([...dirs].map((d) => mkdir(d, { recursive: true })));
  const entries = [...files];
  for (let i = 0; i < entries.length; i += 64) {
    await Promise.all(entries.slice(i, i + 64).map(([f, text]) => writeFile(path.join(dir, f), text)));
  }
}

export async function generateTree(
  dir: string,
  targetLines: number,
): Promise<{ files: number; lines: number; bytes: number }> {
  // Refuse to mix with stale files: leftovers would silently skew every figure measured on the tree.
  const existing = await readdir(dir).catch(() => []);
  if (existing.length > 0) throw new Error(`generateTree: ${dir} is not empty`);
  const stats = { files: 0, lines: 0, bytes: 0 };
  const uiExports: UiExport[] = [];
  const packages: string[] = [];
  for (let i = 0; stats.lines < targetLines; i++) {
    const isPackage = i % 5 === 1; // a shared UI package every few apps, imported by later apps
    const u = buildUnit(0x5eed + i * 7919, i, uiExports, isPackage);
    if (isPackage) packages.push(`ui-${u.name}`);
    for (const text of u.files.values()) {
      stats.files++;
      stats.bytes += Buffer.byteLength(text);
      stats.lines += countLines(text);
    }
    await writeAll(dir, u.files);
  }
  const paths = Object.fromEntries(
    packages.flatMap((p) => [
      [`@acme/${p}`, [`packages/${p}/src/index.ts`]],
      [`@acme/${p}/*`, [`packages/${p}/src/*`]],
    ]),
  );
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    jsx: 'react-jsx',
    strict: true,
    baseUrl: '.',
    paths,
  };
  const root = { name: 'bench-monorepo', private: true, workspaces: ['apps/*', 'packages/*'] };
  await writeAll(
    dir,
    new Map([
      ['package.json', `${JSON.stringify(root, null, 2)}\n`],
      ['tsconfig.json', `${JSON.stringify({ compilerOptions }, null, 2)}\n`],
      ['.gitignore', 'node_modules/\ndist/\n'],
    ]),
  );
  return stats;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, lines] = process.argv.slice(2);
  if (!dir) throw new Error('usage: tsx bench/generate-tree.ts <dir> [lines]');
  const started = performance.now();
  const stats = await generateTree(path.resolve(dir), Number(lines ?? 1_000_000));
  const mb = (stats.bytes / 1e6).toFixed(1);
  console.log(
    `${stats.files} files, ${stats.lines} lines, ${mb} MB in ${Math.round(performance.now() - started)} ms`,
  );
}
