import { askTool } from '../ask/ask-tool.js';
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

const BASE: readonly Tool[] = [
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

/** Every tool Baton offers: the ones above and `ask`, which routes a question to one of them. */
export const ASK: Tool = askTool(BASE);
export const TOOLS: readonly Tool[] = [ASK, ...BASE];
