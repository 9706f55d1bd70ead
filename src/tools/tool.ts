import type { z } from 'zod';
import { BatonError } from '../errors.js';
import type { Principal, Store } from '../store/index.js';

/** What a tool runs with: the store, and who is asking (a token's principal, already authenticated). */
export interface ToolContext {
  store: Store;
  principal: Principal;
}

/**
 * One operation, defined once with its input schema and reused by REST, MCP and `ask`. `write` tools change
 * the board: `ask` only proposes them, and every call of one is in the event log through the store.
 */
export interface Tool<Input extends z.ZodType = z.ZodType, Output = unknown> {
  name: string;
  description: string;
  input: Input;
  write: boolean;
  run(context: ToolContext, input: z.infer<Input>): Promise<Output>;
}

export function defineTool<Input extends z.ZodType, Output>(tool: Tool<Input, Output>): Tool<Input, Output> {
  return tool;
}

/** Validates a tool's input; a failure names each field and what was expected. */
export function parseInput<Input extends z.ZodType>(tool: Tool<Input>, raw: unknown): z.infer<Input> {
  const parsed = tool.input.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map(
    (issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`,
  );
  throw new BatonError('invalid-argument', `${tool.name}: ${problems.join('; ')}`);
}
