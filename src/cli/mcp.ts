import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { mcpServerFor } from '../server/mcp.js';
import { type Principal, Store, authenticate } from '../store/index.js';
import { checkProjectName } from '../store/principals.js';
import { TOOLS } from '../tools/catalogue.js';
import { storeLocation } from './store-options.js';

/**
 * `baton mcp`: the tools over stdio for one local agent, bound to a project and a role (`--token`, or
 * `--project`/`--role`, or BATON_TOKEN / BATON_PROJECT and BATON_ROLE). A local principal is never human:
 * the verification gate stays closed to whatever agent runs this.
 */
export function mcpCommand(program: Command): void {
  program
    .command('mcp')
    .description('serve the MCP tools over stdio for a local agent')
    .option('--db <url|file>', 'the store (default: $BATON_DB, else .baton/baton.db)')
    .option('--token <token>', 'act as this token (default: $BATON_TOKEN)')
    .option('--project <name>', 'the project (default: $BATON_PROJECT)')
    .option('--role <role>', 'the role whose steps this agent may claim (default: $BATON_ROLE)')
    .action(async (options: Record<string, unknown>) => {
      const store = await Store.open(storeLocation(options));
      const principal = await localPrincipal(store, options);
      const server = mcpServerFor({ store, principal }, TOOLS);
      const transport = new StdioServerTransport();
      const closed = new Promise<void>((resolve) => {
        transport.onclose = resolve;
        process.stdin.once('end', resolve);
      });
      await server.connect(transport);
      await closed;
      await server.close();
      await store.close();
    });
}

async function localPrincipal(store: Store, options: Record<string, unknown>): Promise<Principal> {
  const token = typeof options.token === 'string' ? options.token : process.env.BATON_TOKEN;
  if (token) return authenticate(store, token);
  const project = typeof options.project === 'string' ? options.project : process.env.BATON_PROJECT;
  const role = typeof options.role === 'string' ? options.role : process.env.BATON_ROLE;
  if (!project || !role)
    throw new BatonError(
      'invalid-argument',
      'baton mcp needs --token, or --project and --role (or BATON_PROJECT and BATON_ROLE)',
    );
  checkProjectName(project);
  if (!/^[a-z][a-z0-9_-]{0,31}$/.test(role))
    throw new BatonError('invalid-argument', `--role "${role}": expected a lower-case word like backend`);
  return { id: `local:${role}`, project, role, human: false, label: `local ${role} agent` };
}
