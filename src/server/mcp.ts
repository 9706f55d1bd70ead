import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { BatonError } from '../errors.js';
import { VERSION } from '../version.js';
import type { Tool, ToolContext } from '../tools/tool.js';

/** Wraps each tool run (metrics, logs); the default just runs it. */
export type ToolObserver = <T>(tool: string, work: () => Promise<T>, input?: unknown) => Promise<T>;
import { summarize } from '../tools/summarize.js';
import { loggedCall } from '../tools/tool-log.js';

/** One validator for every per-request server: building an Ajv instance per request was a third of a call. */
const VALIDATOR = new AjvJsonSchemaValidator();

/**
 * An MCP server exposing the tools for one principal. Built per request on HTTP (stateless: any instance
 * answers any request) and once for stdio. The SDK validates inputs against each tool's zod schema.
 */
export function mcpServerFor(
  context: ToolContext,
  tools: readonly Tool[],
  observe: ToolObserver = (tool, work, input) => loggedCall(context, tool, 'stdio', input, work),
): McpServer {
  const server = new McpServer(
    { name: 'baton', version: VERSION },
    {
      jsonSchemaValidator: VALIDATOR,
      instructions:
        "Baton knows what this project's backends provide, what its frontends call, the database schema, the mismatches between them, and the handoff tickets agents work from. Read before you guess: list_tickets ready=true for work, claim_step before changing code, finish_step with a handoff note when done.",
    },
  );
  for (const tool of tools)
    server.registerTool(
      tool.name,
      {
        description: tool.description,
        inputSchema: tool.input,
        annotations: { readOnlyHint: !tool.write, destructiveHint: false, openWorldHint: false },
      },
      async (input: unknown): Promise<CallToolResult> => {
        try {
          const result = await observe(tool.name, () => tool.run(context, input as never), input);
          const structured = Array.isArray(result) ? { items: result } : (result as Record<string, unknown>);
          return {
            content: [{ type: 'text', text: summarize(tool.name, result) }],
            structuredContent: structured,
          };
        } catch (error) {
          if (!(error instanceof BatonError)) throw error;
          return { isError: true, content: [{ type: 'text', text: `${error.code}: ${error.message}` }] };
        }
      },
    );
  return server;
}
