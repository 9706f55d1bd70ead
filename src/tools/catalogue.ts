import {
  deployCheck,
  findSymbol,
  findUsages,
  getEndpoint,
  getSchema,
  listEndpoints,
  listMismatches,
  projectHealth,
  runScan,
} from './scan-tools.js';
import { TICKET_TOOLS } from './ticket-tools.js';
import type { Tool } from './tool.js';

/** Every tool Baton offers, in the order MCP lists them. */
export const TOOLS: readonly Tool[] = [
  projectHealth,
  listEndpoints,
  getEndpoint,
  getSchema,
  findUsages,
  listMismatches,
  deployCheck,
  findSymbol,
  runScan,
  ...TICKET_TOOLS,
];
