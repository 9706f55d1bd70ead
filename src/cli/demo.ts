// `baton serve --demo`: the whole product in one command. A fresh store seeded with the example shop
// (a React app and an Express API with drift planted the way agents plant it), scanned, with a ticket per
// planted error, a human token for the browser and an agent token per role, and the lines to paste into
// Claude Code, Cursor and Codex.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatonError } from '../errors.js';
import { scan } from '../scan/scan.js';
import { type Store, createToken } from '../store/index.js';
import { recordScanResult } from '../tools/record.js';

export const DEMO_PROJECT = 'shop';
const AGENT_ROLES = ['backend', 'frontend', 'db', 'qa'] as const;

export interface Demo {
  humanToken: string;
  agents: { role: string; token: string }[];
  tickets: string[];
}

/** examples/shop inside the installed package (shipped with it), or in a clone. */
export function demoProjectPath(): string {
  const path = fileURLToPath(new URL('../../examples/shop/', import.meta.url));
  if (!existsSync(join(path, 'baton.config.json')))
    throw new BatonError('not-found', `the demo project is missing: expected it at ${path}`);
  return path;
}

/** A store file of its own, emptied on every start so each demo begins from the same board. */
export function demoStorePath(cwd = process.cwd()): string {
  const dir = resolve(cwd, '.baton');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'demo.db');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return file;
}

export async function seedDemo(store: Store): Promise<Demo> {
  const paths = [demoProjectPath()];
  const result = await scan({ paths, cacheDir: false });
  const recorded = await recordScanResult(store, result, paths, 'error');
  const humanToken = (
    await createToken(store, { project: DEMO_PROJECT, role: 'qa', human: true, label: 'demo human' })
  ).token;
  const agents = [];
  for (const role of AGENT_ROLES)
    agents.push({
      role,
      token: (await createToken(store, { project: DEMO_PROJECT, role, label: `demo ${role} agent` })).token,
    });
  return { humanToken, agents, tickets: recorded.opened };
}

/** What to open and what to paste, for a server at `origin` over the store at `storePath`. */
export function demoInstructions(demo: Demo, origin: string, storePath: string): string {
  const mcp = `${origin}/mcp`;
  const frontend = demo.agents.find((a) => a.role === 'frontend') ?? demo.agents[0];
  const lines = [
    '',
    `Demo project "${DEMO_PROJECT}" scanned; tickets opened for the planted drift: ${demo.tickets.join(', ') || 'none'}.`,
    '',
    'Dashboard (signed in as a human, who may verify tickets):',
    `  ${origin}/#token=${demo.humanToken}`,
    '',
    'Agent tokens, one per role:',
    ...demo.agents.map((a) => `  ${a.role.padEnd(9)} ${a.token}`),
    '',
    'Claude Code (one line per role you want to run):',
    ...demo.agents.map(
      (a) =>
        `  claude mcp add --transport http baton-${a.role} ${mcp} --header "Authorization: Bearer ${a.token}"`,
    ),
    '',
    'Cursor (.cursor/mcp.json):',
    ...JSON.stringify(
      {
        mcpServers: {
          [`baton-${frontend?.role}`]: {
            url: mcp,
            headers: { Authorization: `Bearer ${frontend?.token}` },
          },
        },
      },
      null,
      2,
    )
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    // Codex reads a bearer token only from an environment variable, never inline in its config.
    `Codex (export BATON_${frontend?.role.toUpperCase()}_TOKEN=${frontend?.token}, then in ~/.codex/config.toml):`,
    `  [mcp_servers.baton-${frontend?.role}]`,
    `  url = "${mcp}"`,
    `  bearer_token_env_var = "BATON_${frontend?.role.toUpperCase()}_TOKEN"`,
    '',
    `The store is ${storePath}; it starts empty on every --demo run.`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
