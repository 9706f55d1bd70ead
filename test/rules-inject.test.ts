// biome-ignore-all lint/suspicious/noTemplateCurlyInString: source code under test
import { describe, expect, it } from 'vitest';
import type { Extractor } from '../src/extract/extractor.js';
import { codeInjection } from '../src/rules/inject/code.js';
import { unsafeDeserialization } from '../src/rules/inject/deser.js';
import { nosqlInjection } from '../src/rules/inject/nosql.js';
import { shellInjection } from '../src/rules/inject/shell.js';
import { sqlInjection } from '../src/rules/inject/sql.js';
import { ssrfRequestUrl } from '../src/rules/inject/ssrf.js';
import { analyzeFile } from '../src/scan/analyze-file.js';

function found(extractor: Extractor, code: string, path = 'src/routes/items.js'): string[] {
  return (analyzeFile(path, code, [extractor]).findings ?? []).map((f) => f.rule);
}

const route = (header: string, body: string) =>
  `${header}\nconst router = require('express').Router();\nrouter.post('/x/:id', async (req, res) => {\n${body}\n});`;

describe('inject.sql', () => {
  const sql = (body: string) => route("const db = require('./db');", body);
  it.each([
    "await db.query(`SELECT * FROM items WHERE id = '${req.params.id}'`);",
    "await pool.query('SELECT * FROM items WHERE name = \\'' + req.body.name + '\\'');",
    "const q = 'SELECT * FROM t WHERE a = ' + req.query.a;\nawait connection.execute(q);",
    "let q = 'SELECT * FROM t';\nq += ' ORDER BY ' + req.query.sort;\ndb.prepare(q).all();",
    'await sequelize.query(`UPDATE t SET a = 1 WHERE b = ${req.body.b}`);',
    "await knex('t').whereRaw(`a = '${req.query.a}'`);",
    'await prisma.$queryRawUnsafe(`SELECT * FROM t WHERE a = ${req.query.a}`);',
    'await db.execute(sql.raw(`SELECT * FROM t WHERE a = ${req.query.a}`));',
    "const { name } = req.body;\nawait this.db.query(`DELETE FROM t WHERE name = '${name}'`);",
    "await db.query({ text: `SELECT * FROM t WHERE a = '${req.body.a}'` });",
  ])('fires on %s', (code) => expect(found(sqlInjection, sql(code))).toContain('inject.sql'));

  it.each([
    "await db.query('SELECT * FROM t WHERE id = $1', [req.params.id]);",
    "await db.query({ text: 'SELECT * FROM t WHERE id = $1', values: [req.params.id] });",
    'await prisma.$queryRaw`SELECT * FROM t WHERE id = ${req.params.id}`;',
    'await db.execute(sql`SELECT * FROM t WHERE id = ${req.params.id}`);',
    'await db.query(`SELECT * FROM t LIMIT ${Number(req.query.limit)} OFFSET ${parseInt(req.query.o, 10)}`);',
    "const dir = req.query.dir === 'asc' ? 'ASC' : 'DESC';\nawait db.query(`SELECT * FROM t ORDER BY a ${dir}`);",
    "await db.query('SELECT * FROM t WHERE a = ' + DEFAULT_A);",
    "await knex('t').whereRaw('a = ?', [req.query.a]);",
    "await client.get('/search?q=' + req.query.q);",
    "await db.query(`SELECT * FROM t WHERE owner = '${req.user.id}'`);",
  ])('stays quiet on %s', (code) => expect(found(sqlInjection, sql(code))).toEqual([]));

  it('stays quiet in test files', () =>
    expect(
      found(
        sqlInjection,
        sql("await db.query('SELECT * FROM t WHERE a = ' + req.query.a);"),
        'test/items.test.js',
      ),
    ).toEqual([]));
});

describe('inject.shell', () => {
  const shell = (body: string) =>
    route("const { exec, execFile, spawn } = require('node:child_process');", body);
  it.each([
    'exec(`convert ${req.body.file} out.png`);',
    "exec('ping -c 1 ' + req.query.host);",
    "spawn('tar', ['-czf', 'a.tgz', req.body.dir], { shell: true });",
    "spawn('sh', ['-c', 'echo ' + req.body.msg]);",
    "execFile(req.body.cmd, [], { shell: '/bin/bash' });",
  ])('fires on %s', (code) => expect(found(shellInjection, shell(code))).toEqual(['inject.shell']));

  it.each([
    "execFile('git', ['log', req.query.ref]);",
    "spawn('convert', [req.body.file, 'out.png']);",
    "exec('uptime');",
    "spawn('tar', ['-czf', 'a.tgz', req.body.dir], { shell: false });",
    'exec(`sleep ${Number(req.query.s)}`);',
  ])('stays quiet on %s', (code) => expect(found(shellInjection, shell(code))).toEqual([]));

  it('ignores a local function called exec', () =>
    expect(
      found(shellInjection, route('// child_process\nconst exec = (s) => s;', 'exec(req.body.x);')),
    ).toEqual([]));
});

describe('inject.code', () => {
  const code = (body: string) => route("const vm = require('node:vm');", body);
  it.each([
    'eval(req.body.expr);',
    "const f = new Function('x', 'return ' + req.body.formula);",
    'vm.runInNewContext(req.body.script, {});',
    'new vm.Script(`(${req.body.fn})()`);',
  ])('fires on %s', (src) => expect(found(codeInjection, code(src))).toEqual(['inject.code']));

  it.each([
    "eval('1 + 1');",
    "const add = new Function('a', 'b', 'return a + b');",
    'setTimeout(() => res.json({ ok: req.body.ok }), 10);',
    "setTimeout('tick()', 10);",
    'eval(Number(req.body.n));',
    "vm.runInContext('safeEval(orderLines)', sandbox);",
  ])('stays quiet on %s', (src) => expect(found(codeInjection, code(src))).toEqual([]));
});

describe('inject.nosql', () => {
  const mongo = (body: string, header = "const User = require('./models/user');") => route(header, body);
  it.each([
    'await User.findOne({ email: req.body.email, password: req.body.password });',
    'await User.find(req.query);',
    'const filter = req.body;\nawait User.deleteMany(filter);',
    'const { token } = req.body;\nawait Session.findOne({ token });',
    "await db.collection('users').find({ name: req.query.name }).toArray();",
    "await Order.find({ $where: `this.id == '${req.params.id}'` });",
    "await reviews.update({ _id: req.body.id }, { $set: { text: 'x' } });",
  ])('fires on %s', (code) => expect(found(nosqlInjection, mongo(code))).toEqual(['inject.nosql']));

  it.each([
    'await User.findById(req.params.id);',
    'await User.findOne({ slug: req.params.slug });',
    'await User.findOne({ email: String(req.body.email) });',
    "const { email } = req.body;\nif (typeof email !== 'string') return res.sendStatus(400);\nawait User.findOne({ email });",
    'await User.findOne({ email: { $eq: req.body.email } });',
    'await posts.exists(req.query.pid);',
    'await User.update({ name: req.body.name }, { where: { id: req.user.id } });',
    'await User.findOne({ _id: req.user.id });',
  ])('stays quiet on %s', (code) => expect(found(nosqlInjection, mongo(code))).toEqual([]));

  it('stays quiet when the file validates with a schema', () =>
    expect(
      found(
        nosqlInjection,
        mongo(
          'Body.parse(req.body);\nawait User.findOne({ email: req.body.email });',
          "const { z } = require('zod');",
        ),
      ),
    ).toEqual([]));
});

describe('ssrf.request-url', () => {
  const ssrf = (body: string) => route("const axios = require('axios');\nconst got = require('got');", body);
  it.each([
    'await fetch(req.query.url);',
    'await axios.get(`${req.body.base}/status`);',
    'await axios({ url: req.body.hook, method: "post" });',
    'await got(`http://${req.query.node}:9100/metrics`);',
    'const u = new URL(req.query.src);\nawait fetch(u);',
    "const u = req.body.imageUrl;\nif (u.match(/\\.png$/) !== null) console.log('png');\nawait fetch(u);",
  ])('fires on %s', (code) => expect(found(ssrfRequestUrl, ssrf(code))).toEqual(['ssrf.request-url']));

  it.each([
    'await fetch(`https://api.github.com/users/${req.params.user}`);',
    "await got('https://search.example.com/v1?q=' + req.query.q);",
    'await axios.get(`${process.env.API_URL}/items/${req.query.id}`);',
    'await fetch(`${req.protocol}://${req.headers.host}/health`);',
    'const u = new URL(req.query.src);\nif (!ALLOWED_HOSTS.includes(u.hostname)) return res.sendStatus(400);\nawait fetch(u);',
    "await fetch('/api/items');",
  ])('stays quiet on %s', (code) => expect(found(ssrfRequestUrl, ssrf(code))).toEqual([]));

  it('stays quiet in browser code', () =>
    expect(found(ssrfRequestUrl, ssrf('await fetch(req.query.url);'), 'web/components/Preview.jsx')).toEqual(
      [],
    ));
});

describe('deser.unsafe', () => {
  const deser = (body: string) =>
    route("const serialize = require('node-serialize');\nconst yaml = require('js-yaml');", body);
  it.each([
    'serialize.unserialize(req.cookies.profile);',
    "serialize.unserialize(Buffer.from(req.cookies.p, 'base64').toString());",
    'yaml.unsafeLoad(req.body);',
    'yaml.load(req.body, { schema: yaml.DEFAULT_FULL_SCHEMA });',
    'serialize.unserialize(message.payload);',
  ])('fires on %s', (code) => expect(found(unsafeDeserialization, deser(code))).toEqual(['deser.unsafe']));

  it.each([
    'yaml.load(req.body);',
    'JSON.parse(req.cookies.profile);',
    'serialize.serialize({ a: 1 });',
    'serialize.unserialize(\'{"a":1}\');',
  ])('stays quiet on %s', (code) => expect(found(unsafeDeserialization, deser(code))).toEqual([]));
});
