/**
 * SQL built from request input — https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html
 * pg / mysql / mysql2 / sqlite / better-sqlite3 `query|execute|prepare|run|all|get|exec` on a database
 * handle, Sequelize `sequelize.query`, Knex `raw|whereRaw|orderByRaw|havingRaw`, Prisma
 * `$queryRawUnsafe|$executeRawUnsafe`, TypeORM `query`, drizzle `sql.raw`. Tagged templates
 * (`sql\`…${x}\``, Prisma `$queryRaw\`…\``) send holes as parameters, so they are never calls here.
 */
import { type Node, calledName, dottedName, objectProperty, unwrap } from '../../extract/ast.js';
import { dependsOn, type Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { resolveLocal, taintedString } from './tainted.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const SQL_INJECTION: RuleMeta = {
  id: 'inject.sql',
  severity: 'error',
  title: 'SQL is built from request input',
  fix: 'Pass input as a parameter: placeholders (`$1`, `?`, `:name`) with a values array, or a tagged template (the `sql` tag, Prisma `$queryRaw`) that sends each hole as a parameter; never splice input into the SQL text.',
};

/**
 * Methods that run SQL given as text (pg, mysql, sqlite, better-sqlite3, TypeORM, and pg-promise's
 * `one`/`many`/`any`/`none`…): judged only when the text around the input reads as SQL.
 */
const DRIVER_METHODS = new Set([
  'query',
  'execute',
  'prepare',
  'run',
  'all',
  'get',
  'exec',
  'each',
  'one',
  'many',
  'any',
  'none',
  'oneOrNone',
  'manyOrNone',
  'result',
  'multi',
]);
/** APIs whose only job is raw SQL: any string built from input is a hole. */
const RAW_METHODS = new Set([
  'whereRaw',
  'orWhereRaw',
  'andWhereRaw',
  'orderByRaw',
  'havingRaw',
  'groupByRaw',
  'joinRaw',
  'selectRaw',
  '$queryRawUnsafe',
  '$executeRawUnsafe',
]);
/** What a database handle is called: `db`, `pool`, `this.client`, `sequelize`, `queryRunner`, `trx`. */
const HANDLE =
  /(?:^|[a-z_])(?:db|database|pool|client|con|conn|connection|sequelize|knex|sqlite|mysql|pg|postgres|sql|manager|datasource|queryrunner|prisma|trx|tx|transaction)$/i;
/** Calls that hand out a handle: `getManager().query`, `getConnection().query`, `pool.promise().query`. */
const HANDLE_FACTORY = /^(?:getManager|getConnection|getRepository|promise|createQueryRunner|connect)$/;
/** The text around the input reads as a statement. */
const SQL_TEXT =
  /\b(?:select\s[\s\S]*\bfrom|insert\s+into|update\s[\s\S]*\bset|delete\s+from|replace\s+into|pragma|create\s+table|drop\s+table|order\s+by)\b/i;

export const sqlInjection: Extractor = {
  name: 'rules-inject-sql',
  detect: (repo) =>
    dependsOn(
      repo,
      'pg',
      'mysql',
      'mysql2',
      'sqlite3',
      'sqlite',
      'better-sqlite3',
      'sequelize',
      'knex',
      '@prisma/client',
      'typeorm',
      'drizzle-orm',
      'postgres',
      'mssql',
      'pg-promise',
      '@libsql/client',
      '@vercel/postgres',
      '@neondatabase/serverless',
    ),
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /\.(?:query|execute|prepare|run|all|get|exec|each|one|many|any|none|oneOrNone|manyOrNone|result|multi|raw|\$\w+Unsafe|\w+Raw)\s*\(/.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const sink = sinkOf(call);
      if (!sink) continue;
      const tainted = taintedString(file, sqlArgument(file, (call.arguments as Node[])[0]));
      if (!tainted) continue;
      if (!sink.raw && !SQL_TEXT.test(tainted.literal)) continue;
      addFinding(file, facts, SQL_INJECTION, call, {
        message: `${sink.name}() gets SQL built from request input (${tainted.proof}) ${tainted.how}: a client can rewrite the query (read other rows, drop tables).`,
        subject: `${sink.name}(${tainted.proof})`,
        key: `${sink.name}:${tainted.proof}`,
      });
    }
  },
};

/** The SQL-running call and whether the API is raw SQL by name. */
function sinkOf(call: Node): { name: string; raw: boolean } | undefined {
  const callee = unwrap(call.callee);
  if (callee?.type !== 'MemberExpression' || callee.computed) return undefined;
  const method = callee.property.name as string;
  const receiver = unwrap(callee.object);
  const name = dottedName(callee) ?? method;
  if (RAW_METHODS.has(method)) return { name, raw: true };
  if ((!DRIVER_METHODS.has(method) && method !== 'raw') || !receiver) return undefined;
  const handle =
    receiver.type === 'CallExpression' ? calledName(receiver.callee) : (calledName(receiver) ?? undefined);
  if (!handle) return undefined;
  if (receiver.type === 'CallExpression' ? HANDLE_FACTORY.test(handle) : HANDLE.test(handle))
    // `knex.raw`, drizzle `sql.raw`, `sequelize.query` take nothing but SQL.
    return { name, raw: method === 'raw' || (method === 'query' && /sequelize/i.test(handle)) };
  return undefined;
}

/** The SQL text among a call's arguments: a string, or a pg/mysql config object's `text`/`sql`. */
function sqlArgument(file: ParsedFile, arg: Node | undefined): Node | undefined {
  const resolved = resolveLocal(file, arg);
  if (resolved?.node.type === 'ObjectExpression')
    return objectProperty(resolved.node, 'text') ?? objectProperty(resolved.node, 'sql');
  if (resolved?.node.type === 'ArrayExpression') return undefined;
  return arg;
}
