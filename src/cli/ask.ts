import type { Command } from 'commander';
import { route } from '../ask/router.js';
import { callRemote } from '../server/remote.js';
import { ASK } from '../tools/catalogue.js';
import { parseInput } from '../tools/tool.js';
import { actingPrincipal, withStore, withStoreOptions } from './store-options.js';

/** `baton ask "<question>"`: the ask gateway from a terminal (DESIGN §2). */
export function askCommand(program: Command, setExit: (code: number) => void): void {
  withStoreOptions(
    program
      .command('ask')
      .argument('<question>', 'a plain-English question, like "what\'s ready for the frontend?"')
      .description('route a question to the right tool and answer it'),
  )
    .option('--json', 'print { tool, arguments, result | proposal }')
    .option('--route-only', 'print only { tool, arguments }; runs nothing and needs no store')
    .option('--confirm <value>', 'run a write proposal: the confirm value the proposal carried')
    .action(async (question: string, options: Record<string, unknown>) => {
      if (options.routeOnly) {
        process.stdout.write(`${JSON.stringify(route(question))}\n`);
        setExit(0);
        return;
      }
      const input = {
        question,
        ...(typeof options.confirm === 'string' ? { confirm: options.confirm } : {}),
      };
      const token = typeof options.token === 'string' ? options.token : process.env.BATON_TOKEN;
      const answer = (
        typeof options.server === 'string' && token
          ? await callRemote(options.server, token, 'ask', input)
          : await withStore(options, async (store) => {
              // A question may route to a write: it needs a token; a read may name --project instead.
              const principal = await actingPrincipal(store, options, false);
              return ASK.run({ store, principal }, parseInput(ASK, input));
            })
      ) as { tool: string; arguments: unknown; result?: unknown; proposal?: { summary: string } };
      if (options.json) process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
      else {
        process.stdout.write(`→ ${answer.tool} ${JSON.stringify(answer.arguments)}\n`);
        process.stdout.write(
          answer.proposal ? `${answer.proposal.summary}\n` : `${JSON.stringify(answer.result, null, 2)}\n`,
        );
      }
      setExit(0);
    });
}
