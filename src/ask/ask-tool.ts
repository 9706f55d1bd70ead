import { createHash } from 'node:crypto';
import { z } from 'zod';
import { BatonError } from '../errors.js';
import { Board, parseTicketKey } from '../store/index.js';
import { type Tool, defineTool } from '../tools/tool.js';
import { route } from './router.js';

export interface AskAnswer {
  tool: string;
  arguments: Record<string, unknown>;
  result?: unknown;
  proposal?: { confirm: string; summary: string; missing?: string[] };
}

/**
 * `ask`: a plain-English question routed to one tool. Reads run at once; a write comes back as a proposal
 * that runs only when asked again with the `confirm` value it carried — a value bound to the principal, the
 * tool and its arguments, so a confirmation cannot be replayed onto another action.
 */
export function askTool(tools: readonly Tool[]): Tool {
  return defineTool({
    name: 'ask',
    description:
      'Ask in plain English ("what\'s blocked on milestone beta?", "what does PATCH /orders/{id} accept?", "who calls the orders table?", "claim HO-12"). Routes to the right tool: reads are answered at once; writes return a proposal to confirm by calling ask again with the same question and its confirm value.',
    write: false,
    input: z.object({
      question: z.string().min(1).max(2000),
      confirm: z.string().optional().describe('the confirm value of a proposal, to run it'),
    }),
    async run(context, input): Promise<AskAnswer> {
      const routed = route(input.question);
      const tool = tools.find((t) => t.name === routed.tool);
      if (!tool) throw new BatonError('internal', `ask routed to an unknown tool ${routed.tool}`);
      // A write on a ticket carries the version the proposal saw: confirming runs it on that version, and a
      // ticket changed in between is refused as stale rather than overwritten.
      const shape = (tool.input as { shape?: Record<string, unknown> }).shape ?? {};
      if (
        tool.write &&
        'version' in shape &&
        routed.arguments.ticket !== undefined &&
        routed.arguments.version === undefined
      ) {
        const ticket = await new Board(context.store, context.principal).get(
          parseTicketKey(String(routed.arguments.ticket)),
          { notes: false },
        );
        routed.arguments.version = ticket.version;
      }
      const parsed = tool.input.safeParse(routed.arguments);
      if (!tool.write) {
        if (!parsed.success)
          throw new BatonError(
            'invalid-argument',
            `ask: ${tool.name} needs ${parsed.error.issues.map((i) => i.path.join('.') || 'more').join(', ')}; name it in the question`,
          );
        return { tool: tool.name, arguments: routed.arguments, result: await tool.run(context, parsed.data) };
      }
      const confirm = createHash('sha256')
        .update(`${context.principal.id}\u0000${tool.name}\u0000${JSON.stringify(routed.arguments)}`)
        .digest('hex')
        .slice(0, 12);
      const missing = parsed.success
        ? []
        : [...new Set(parsed.error.issues.map((i) => i.path.join('.') || 'input'))];
      if (input.confirm !== undefined && input.confirm === confirm && parsed.success)
        return { tool: tool.name, arguments: routed.arguments, result: await tool.run(context, parsed.data) };
      if (input.confirm !== undefined && input.confirm !== confirm)
        throw new BatonError(
          'conflict',
          'ask: that confirm value belongs to another proposal; ask again without it',
        );
      return {
        tool: tool.name,
        arguments: routed.arguments,
        proposal: {
          confirm,
          summary:
            missing.length > 0
              ? `${tool.name} ${JSON.stringify(routed.arguments)} needs ${missing.join(', ')}: call ${tool.name} directly with them.`
              : `Will run ${tool.name} ${JSON.stringify(routed.arguments)}. Ask again with confirm "${confirm}" to do it.`,
          ...(missing.length > 0 ? { missing } : {}),
        },
      };
    },
  });
}
