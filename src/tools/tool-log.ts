import { BatonError } from '../errors.js';
import { recordEvent } from '../store/events.js';
import type { ToolContext } from './tool.js';

const MAX_INPUT_CHARS = 2000;

/**
 * Appends a tool call to the project's event log (DESIGN §6: every action, tool calls included): who, which
 * tool, with what input (cut at 2 KB) and how it ended. Writes tools make also log their own board events.
 */
export async function recordToolCall(
  context: ToolContext,
  tool: string,
  transport: string,
  input: unknown,
  outcome: unknown,
): Promise<void> {
  let text = JSON.stringify(input ?? {});
  if (text.length > MAX_INPUT_CHARS) text = `${text.slice(0, MAX_INPUT_CHARS)}…`;
  const ended = outcome instanceof BatonError ? outcome.code : outcome instanceof Error ? 'internal' : 'ok';
  await context.store.write((tx) =>
    recordEvent(tx, {
      project: context.principal.project,
      principal: context.principal.id,
      action: `tool.${tool}`,
      after: { transport, input: text, outcome: ended },
      at: context.store.now().toISOString(),
    }),
  );
}

/** Runs a tool call and logs it, whether it succeeded or not. */
export async function loggedCall<T>(
  context: ToolContext,
  tool: string,
  transport: string,
  input: unknown,
  work: () => Promise<T>,
): Promise<T> {
  let outcome: unknown = 'ok';
  try {
    return await work();
  } catch (error) {
    outcome = error;
    throw error;
  } finally {
    await recordToolCall(context, tool, transport, input, outcome).catch(() => {});
  }
}
