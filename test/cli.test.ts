import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../src/index.js';
import { tempDir } from './helpers/temp-repo.js';

const root = join(import.meta.dirname, '..');

/** The real CLI, as a user runs it: the built bin, a separate process, exit codes and streams. */
function baton(args: string[], cwd = root) {
  const run = spawnSync(process.execPath, [join(root, 'bin/baton.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('baton scan examples/shop', () => {
  const cacheDir = tempDir();
  const json = baton(['scan', 'examples/shop', '--json', '--no-cache']);
  const result = JSON.parse(json.stdout) as ScanResult;
  const endpoints = result.endpoints.map((e) => `${e.repo} ${e.method} ${e.path}`);
  const calls = result.calls.map((c) => `${c.repo} ${c.method} ${c.path}`);

  it('exits 0 with a ScanResult v1', () => {
    expect(json.code).toBe(0);
    expect(result.version).toBe(1);
    expect(result.project).toBe('shop');
    expect(result.repos.map((r) => [r.name, r.role])).toEqual([
      ['web', 'frontend'],
      ['api', 'backend'],
    ]);
    expect(Object.keys(result).sort()).toEqual(
      [
        'version',
        'project',
        'scannedAt',
        'repos',
        'endpoints',
        'calls',
        'tables',
        'queries',
        'mismatches',
        'findings',
        'diagnostics',
        'stats',
        'health',
      ].sort(),
    );
  });

  it('finds the backend endpoint the cancel flow should use, and the call that misses it', () => {
    expect(endpoints).toContain('api PATCH /api/orders/{id}');
    expect(calls).toContain('web POST /api/orders/cancel');
    expect(endpoints).not.toContain('api POST /api/orders/cancel');
  });

  it('sees both sides of the renamed body field', () => {
    const call = result.calls.find((c) => c.method === 'POST' && c.path === '/api/cart/items');
    const endpoint = result.endpoints.find((e) => e.method === 'POST' && e.path === '/api/cart/items');
    expect(call?.body?.fields.map((f) => f.name)).toEqual(['productId', 'qty']);
    expect(endpoint?.body?.fields.map((f) => f.name)).toEqual(['productId', 'quantity']);
  });

  it('lists every planted endpoint and call, with mounts, guards and base URLs resolved', () => {
    expect(endpoints.sort()).toEqual(
      [
        'api POST /api/auth/login',
        'api POST /api/auth/signup',
        'api GET /api/cart',
        'api POST /api/cart/items',
        'api DELETE /api/cart/items/{itemId}',
        'api GET /api/orders',
        'api GET /api/orders/{id}',
        'api PATCH /api/orders/{id}',
        'api GET /api/products',
        'api GET /api/products/{id}',
      ].sort(),
    );
    expect(calls.sort()).toEqual(
      [
        'web POST /api/auth/login',
        'web POST /api/auth/signup',
        'web GET /api/cart',
        'web POST /api/cart/items',
        'web DELETE /api/cart/items/{itemId}',
        'web GET /api/orders',
        'web GET /api/orders/{orderId}',
        'web POST /api/orders/cancel',
        'web GET /api/products',
        'web GET /api/products/{id}',
      ].sort(),
    );
    const cart = result.endpoints.find((e) => e.path === '/api/cart');
    expect(cart).toMatchObject({
      auth: 'required',
      authVia: ['requireAuth'],
      source: { file: 'src/routes/cart.ts', line: 8 },
    });
    expect(result.endpoints.find((e) => e.path === '/api/products')?.auth).toBe('none');
    expect(result.diagnostics).toEqual([]);
  });

  it('prints a readable summary without --json', () => {
    const text = baton(['scan', 'examples/shop', '--no-cache']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Baton scan · shop/);
    expect(text.stdout).toMatch(/api\s+backend\s+10 endpoints\s+0 calls/);
    expect(text.stdout).toMatch(/POST\s+\/api\/orders\/cancel \{orderId\}/);
  });

  it('writes the JSON to --out as well', () => {
    const out = join(cacheDir, 'scan.json');
    baton(['scan', 'examples/shop', '--no-cache', '--out', out]);
    expect((JSON.parse(readFileSync(out, 'utf8')) as ScanResult).endpoints).toHaveLength(10);
  });
});

describe('baton usage errors exit 2 with one line naming the problem', () => {
  it('a missing path', () => {
    const run = baton(['scan', 'no/such/dir']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('baton: no/such/dir: no such file or directory');
  });

  it('a file instead of a directory', () => {
    const file = join(tempDir(), 'x.ts');
    writeFileSync(file, '');
    const run = baton(['scan', file]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/not a directory/);
  });

  it('a bad flag value', () => {
    const run = baton(['scan', 'examples/shop', '--workers', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--workers: expected a positive integer/);
  });

  it('an unknown command', () => {
    expect(baton(['frobnicate']).code).toBe(2);
  });

  it('--version exits 0', () => {
    const run = baton(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('health', () => {
  it('scores the example shop from its three planted errors and its findings, by kind', () => {
    const result = JSON.parse(baton(['scan', 'examples/shop', '--json', '--no-cache']).stdout) as ScanResult;
    expect(result.health.score).toBe(43);
    expect(result.health.deductions.map((d) => [d.kind, d.count, d.points])).toEqual([
      ['body-field-missing', 1, 8],
      ['column-missing', 1, 8],
      ['endpoint-missing', 1, 8],
      ['migrations.drop-in-use', 1, 8],
      ['deps.no-lockfile', 2, 6],
      ['secrets.hardcoded', 2, 6],
      ['tests.none', 2, 6],
      ['http.no-rate-limit', 1, 3],
      ['http.no-security-headers', 1, 3],
      ['ci.none', 1, 0.3],
      ['observability.no-error-tracking', 1, 0.3],
    ]);
  });
});

describe('baton check', () => {
  it('fails the gate on the planted drift of the example shop, naming each with its code', () => {
    const run = baton(['check', 'examples/shop', '--no-cache']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('endpoint-missing (1)');
    expect(run.stdout).toContain('web calls POST /api/orders/cancel, which no backend provides.');
    expect(run.stdout).toContain('The backend has PATCH /api/orders/{id} taking {status}');
    expect(run.stdout).toContain('Send "quantity" instead of "qty".');
    expect(run.stdout).toContain('ALTER TABLE orders DROP COLUMN shipping_note;');
  });

  it('passes a project whose sides agree, and prints a JSON verdict', () => {
    const run = baton(['check', 'test/fixtures/api-mismatches/quiet', '--json', '--no-cache']);
    expect(run.code).toBe(0);
    const verdict = JSON.parse(run.stdout) as { failed: boolean; mismatches: unknown[]; failOn: string };
    expect(verdict).toMatchObject({ failed: false, mismatches: [], failOn: 'error' });
  });

  it('lets --fail-on decide the threshold, and rejects an unknown one with exit 2', () => {
    expect(
      baton(['check', 'test/fixtures/api-mismatches/drift', '--fail-on', 'info', '--no-cache']).code,
    ).toBe(1);
    const bad = baton(['check', 'examples/shop', '--fail-on', 'sometimes']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--fail-on: expected error, warning or info, got "sometimes"');
  });
});

describe('baton check baselines and suppressions', () => {
  it('accepts what a baseline records and fails again on something new', () => {
    const dir = tempDir();
    cpSync(join(root, 'test/fixtures/api-mismatches/drift'), dir, { recursive: true });
    const baseline = join(dir, 'baseline.json');
    expect(baton(['check', dir, '--no-cache', '--write-baseline', baseline]).code).toBe(1);
    expect(baton(['check', dir, '--no-cache', '--baseline', baseline]).code).toBe(0);
    const web = join(dir, 'web/src/invoices.ts');
    writeFileSync(
      web,
      `${readFileSync(web, 'utf8')}\nexport const refund = () => fetch('/api/refunds', { method: 'POST' });\n`,
    );
    const again = baton(['check', dir, '--no-cache', '--baseline', baseline]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('POST /api/refunds');
    expect(again.stdout).toContain('✗ 1 new mismatch(es)');
  });

  it('suppresses inline only with a reason; a bare baton-ignore is reported itself', () => {
    const dir = tempDir();
    cpSync(join(root, 'test/fixtures/api-mismatches/drift'), dir, { recursive: true });
    const web = join(dir, 'web/src/invoices.ts');
    const text = readFileSync(web, 'utf8')
      .replace(
        'export const cancelInvoice',
        '// baton-ignore endpoint-missing: the billing gateway serves it\nexport const cancelInvoice',
      )
      .replace('export const archive', '// baton-ignore method-mismatch\nexport const archive');
    writeFileSync(web, text);
    const run = baton(['check', dir, '--no-cache', '--json']);
    const verdict = JSON.parse(run.stdout) as {
      mismatches: { kind: string }[];
      suppressed: { kind: string }[];
    };
    expect(verdict.suppressed.map((m) => m.kind)).toEqual(['endpoint-missing']);
    const kinds = verdict.mismatches.map((m) => m.kind);
    expect(kinds).toContain('method-mismatch');
    expect(kinds).toContain('suppression-without-reason');
    // Only the suppressed one is gone: the other missing route (line 32) is still reported.
    expect(verdict.mismatches.filter((m) => m.kind === 'endpoint-missing')).toHaveLength(1);
  });
});

describe('baton check on findings', () => {
  it('suppresses a finding by its rule id with a reason, and reports a bare marker', () => {
    const dir = tempDir();
    cpSync(join(root, 'test/fixtures/secrets-in-code/fires'), dir, { recursive: true });
    const auth = join(dir, 'src/auth.ts');
    const text = readFileSync(auth, 'utf8')
      .replace(
        'export const sessions',
        '// baton-ignore secrets.hardcoded: replaced by the deploy pipeline\nexport const sessions',
      )
      .replace('export const issue', '// baton-ignore secrets.hardcoded\nexport const issue');
    writeFileSync(auth, text);
    const run = baton(['check', dir, '--no-cache', '--json']);
    const verdict = JSON.parse(run.stdout) as {
      findings: { rule: string; source: { line: number } }[];
      mismatches: { kind: string }[];
      suppressed: { kind: string }[];
    };
    expect(verdict.suppressed.map((m) => m.kind)).toEqual(['secrets.hardcoded']);
    // The bare marker suppresses nothing: both other hardcoded secrets stay, and the marker is reported.
    expect(verdict.findings.map((f) => f.source.line)).toEqual([9, 12]);
    expect(verdict.mismatches.map((m) => m.kind)).toContain('suppression-without-reason');
    expect(run.code).toBe(1);
  });
});

describe('baton check --sarif', () => {
  it('writes SARIF 2.1.0 that the official schema accepts', async () => {
    const run = baton(['check', 'test/fixtures/api-mismatches/drift', '--sarif', '--no-cache']);
    expect(run.code).toBe(1);
    const log = JSON.parse(run.stdout) as {
      runs: { results: { ruleId: string; partialFingerprints: object }[] }[];
    };
    // The schema (draft-04) ships in @microsoft/jest-sarif; ajv 6 is its validator.
    const { default: Ajv } = (await import('ajv')) as unknown as { default: new (o: object) => AjvLike };
    const require = createRequire(import.meta.url);
    const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
    const ajv = new Ajv({ schemaId: 'id', allErrors: true });
    ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
    const valid = ajv.validate(schema, log);
    expect(ajv.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((r) => r.ruleId)).toContain('endpoint-missing');
    expect(results.every((r) => 'batonFingerprint/v1' in r.partialFingerprints)).toBe(true);
    // Findings are results too, under their rule ids, in a log the schema accepts.
    const findings = JSON.parse(
      baton(['check', 'test/fixtures/rules/secrets/fires', '--sarif', '--no-cache']).stdout,
    ) as typeof log;
    expect(ajv.validate(schema, findings)).toBe(true);
    expect(findings.runs[0]?.results.map((r) => r.ruleId)).toContain('secrets.provider-key');
  });
});

interface AjvLike {
  addMetaSchema(schema: object): void;
  validate(schema: object, data: unknown): boolean;
  errors?: unknown[] | null;
}

describe('baton check --since', () => {
  it('fails only on what the change introduced since the ref', () => {
    const dir = tempDir();
    const repo = join(dir, 'billing');
    cpSync(join(root, 'test/fixtures/api-mismatches/drift'), repo, { recursive: true });
    const git = (...args: string[]) =>
      spawnSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], {
        cwd: repo,
        encoding: 'utf8',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'drift as it is today');
    expect(baton(['check', repo, '--no-cache']).code).toBe(1);
    expect(baton(['check', repo, '--no-cache', '--since', 'HEAD']).code).toBe(0);
    const web = join(repo, 'web/src/invoices.ts');
    writeFileSync(
      web,
      `${readFileSync(web, 'utf8')}\nexport const refund = () => fetch('/api/refunds', { method: 'POST' });\n`,
    );
    const run = baton(['check', repo, '--no-cache', '--since', 'HEAD']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('✗ 1 new mismatch(es)');
    expect(git('worktree', 'list').stdout.trim().split('\n')).toHaveLength(1);
  });
});

describe('baton spec --openapi', () => {
  it('writes the extracted contract as an OpenAPI 3.1 document the official schema accepts', async () => {
    const run = baton([
      'spec',
      'test/fixtures/api-mismatches/drift',
      '--openapi',
      '--repo',
      'api',
      '--no-cache',
    ]);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as {
      openapi: string;
      paths: Record<
        string,
        Record<string, { requestBody?: { content: Record<string, { schema: object }> } }>
      >;
    };
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const verdict = await new Validator().validate(doc as never);
    expect(verdict.errors ?? []).toEqual([]);
    expect(verdict.valid).toBe(true);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/invoices/{id}');
    expect(doc.paths['/api/invoices']?.post?.requestBody?.content['application/json']?.schema).toEqual({
      type: 'object',
      properties: { customerId: { type: 'string' }, amount: { type: 'number' } },
      required: ['customerId', 'amount'],
      additionalProperties: false,
    });
  });

  it('validates for a project with guards, catch-alls and file routes too', async () => {
    const run = baton(['spec', 'test/fixtures/nextjs/app-router', '--openapi', '--no-cache']);
    const doc = JSON.parse(run.stdout) as { paths: object; components?: object };
    const { Validator } = await import('@seriousme/openapi-schema-validator');
    const verdict = await new Validator().validate(doc as never);
    expect(verdict.errors ?? []).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(5);
    expect(doc.components).toBeDefined();
  });

  it('needs a format and a known repo', () => {
    expect(baton(['spec', 'examples/shop']).stderr).toContain('spec: say which format (--openapi)');
    const unknown = baton(['spec', 'examples/shop', '--openapi', '--repo', 'billing']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--repo: no repo named "billing" (have web, api)');
  });
});

describe('baton smoke', () => {
  it('requests the safe routes of a deployment and reports the missing and the failing', async () => {
    // A "deployment" of test/fixtures/smoke/api: /api/legacy was not deployed, /api/reports fails.
    const server = createServer((req, res) => {
      const answers: Record<string, number> = {
        '/api/health': 200,
        '/api/products': 200,
        '/api/products/7': 200,
        '/api/orders': req.headers.authorization ? 200 : 401,
        '/api/reports': 500,
      };
      res.statusCode = answers[req.url ?? ''] ?? 404;
      res.end('{}');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    try {
      const args = [
        'smoke',
        'test/fixtures/smoke/api',
        '--base-url',
        `http://127.0.0.1:${port}`,
        '--param',
        'id=7',
        '--json',
        '--no-cache',
      ];
      const run = await batonAsync(args);
      expect(run.code).toBe(1);
      const { results } = JSON.parse(run.stdout) as {
        results: { path: string; status: number; verdict: string }[];
      };
      expect(results.map((r) => [r.path, r.status, r.verdict])).toEqual([
        ['/api/health', 200, 'ok'],
        ['/api/legacy', 404, 'missing'],
        ['/api/orders', 401, 'ok'],
        ['/api/products', 200, 'ok'],
        ['/api/products/{id}', 200, 'ok'],
        ['/api/reports', 500, 'failing'],
      ]);
    } finally {
      server.close();
    }
  });

  it('rejects a base URL that is not http(s)', () => {
    const run = baton(['smoke', 'test/fixtures/smoke/api', '--base-url', 'ftp://example.com']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--base-url: expected an http(s) URL, got "ftp://example.com"');
  });
});

/** The CLI in a child process without blocking this one: a server in the test must keep answering. */
function batonAsync(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/baton.js'), ...args], { cwd: root });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('secrets in the gate', () => {
  it('are reported with their location, and never printed whole in text, JSON or SARIF', () => {
    const fixture = 'test/fixtures/rules/secrets/fires';
    const config = readFileSync(join(root, fixture, 'src/config.ts'), 'utf8');
    const secrets = [...config.matchAll(/'((?:sk_live_|eyJ)[^']+)'/g)].map((m) => m[1] as string);
    expect(secrets).toHaveLength(2);
    for (const format of [[], ['--json'], ['--sarif']]) {
      const run = baton(['check', fixture, '--no-cache', ...format]);
      expect(run.code).toBe(1);
      for (const secret of secrets) expect(run.stdout).not.toContain(secret);
      expect(run.stdout).toContain('secrets.provider-key');
    }
  });
});
