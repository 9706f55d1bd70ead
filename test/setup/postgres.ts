import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the throwaway cluster, or '' when PostgreSQL is not installed here. */
    postgresUrl: string;
  }
}

/**
 * Starts a throwaway PostgreSQL cluster on a loopback port for the shared store suite (Debian's
 * `postgresql` package; `.ci/run` installs it) and removes it afterwards. Without PostgreSQL the suite runs
 * on SQLite only — unless BATON_REQUIRE_POSTGRES is set, as in CI, where that is an error.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const bin = postgresBin();
  if (!bin) {
    if (process.env.BATON_REQUIRE_POSTGRES)
      throw new Error('BATON_REQUIRE_POSTGRES is set but no PostgreSQL was found under /usr/lib/postgresql');
    project.provide('postgresUrl', '');
    return async () => {};
  }
  const dir = mkdtempSync(join(tmpdir(), 'baton-pg-'));
  const data = join(dir, 'data');
  // initdb and postgres refuse to run as root: run them as the postgres system user then.
  const user = process.getuid?.() === 0 ? systemUser('postgres') : undefined;
  if (user) execFileSync('chown', [`${user.uid}:${user.gid}`, dir]);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  execFileSync(join(bin, 'initdb'), ['-D', data, '-U', 'baton', '-A', 'trust', '-E', 'UTF8', '--no-sync'], {
    ...as,
    stdio: 'pipe',
  });
  const port = await freePort();
  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      dir,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ],
    { ...as, stdio: 'ignore' },
  );
  const url = `postgres://baton@127.0.0.1:${port}/postgres`;
  await waitForServer(url, server);
  project.provide('postgresUrl', url);
  return async () => {
    server.kill('SIGINT');
    await new Promise((done) => {
      server.once('exit', done);
      setTimeout(done, 10_000);
    });
    rmSync(dir, { recursive: true, force: true });
  };
}

function postgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'postgres'))) return bin;
  }
  return undefined;
}

function systemUser(name: string): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
  const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
  return { uid, gid };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForServer(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (exited || Date.now() > deadline)
        throw new Error(`PostgreSQL did not start: ${(error as Error).message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
