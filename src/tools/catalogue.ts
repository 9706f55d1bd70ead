import { TICKET_TOOLS } from './ticket-tools.js';
import type { Tool } from './tool.js';

/** Every tool Baton offers, in the order MCP lists them. */
export const TOOLS: readonly Tool[] = [...TICKET_TOOLS];
