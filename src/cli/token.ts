import type { Command } from 'commander';
import { BatonError } from '../errors.js';
import { createToken, listTokens, revokeToken } from '../store/index.js';
import { withStore } from './store-options.js';

const DB_OPTION = ['--db <url|file>', 'the store (default: $BATON_DB, else .baton/baton.db)'] as const;

/**
 * `baton token create|list|revoke`. Whoever can open the store administers it: these commands need no token,
 * and that is why agents should get tokens, not the store file or its database password.
 */
export function tokenCommand(program: Command, setExit: (code: number) => void): void {
  const token = program.command('token').description('tokens for agents, humans and CI');
  token
    .command('create')
    .description('create a token; it is printed once and stored only as a hash')
    .requiredOption('--project <name>')
    .requiredOption('--role <role>', 'backend, frontend, qa, db, … — the steps it may claim')
    .option('--human', 'a human principal: may verify tickets (validation → live)')
    .option('--label <text>', 'who or what holds it')
    .option('--json', 'print { "token": … }')
    .option(...DB_OPTION)
    .action(async (options: Record<string, unknown>) => {
      await withStore(options, async (store) => {
        const { token: secret, info } = await createToken(store, {
          project: String(options.project),
          role: String(options.role),
          human: options.human === true,
          ...(typeof options.label === 'string' ? { label: options.label } : {}),
        });
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ token: secret, id: info.id, project: info.project, role: info.role, human: info.human })}\n`
            : `${secret}\n(token ${info.id}: ${info.label}, project ${info.project}; shown once — store it now)\n`,
        );
      });
      setExit(0);
    });
  token
    .command('list')
    .requiredOption('--project <name>')
    .option('--json')
    .option(...DB_OPTION)
    .action(async (options: Record<string, unknown>) => {
      await withStore(options, async (store) => {
        const tokens = await listTokens(store, String(options.project));
        if (options.json) process.stdout.write(`${JSON.stringify(tokens, null, 2)}\n`);
        else
          for (const t of tokens)
            process.stdout.write(
              `${String(t.id).padStart(4)}  ${t.role.padEnd(10)} ${t.human ? 'human' : 'agent'}  ${t.label}${t.revokedAt ? `  (revoked ${t.revokedAt})` : ''}\n`,
            );
      });
      setExit(0);
    });
  token
    .command('revoke')
    .argument('<id>', 'the token id from `baton token list`')
    .requiredOption('--project <name>')
    .option(...DB_OPTION)
    .action(async (id: string, options: Record<string, unknown>) => {
      const n = Number(id);
      if (!Number.isInteger(n) || n <= 0)
        throw new BatonError('invalid-argument', `<id>: expected a token id, got "${id}"`);
      await withStore(options, (store) => revokeToken(store, String(options.project), n));
      process.stdout.write(`token ${n} revoked\n`);
      setExit(0);
    });
}
