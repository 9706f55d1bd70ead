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
} from '../tools/scan-tools.js';
import { ASK } from '../tools/catalogue.js';
import type { Tool } from '../tools/tool.js';
import {
  addNote,
  claimStep,
  closeTicket,
  createTicket,
  finishStep,
  getTicket,
  listTicketEvents,
  listTickets,
  logDecision,
  releaseStep,
  sendBack,
  updateTicket,
  verifyTicket,
} from '../tools/ticket-tools.js';

export interface Route {
  method: 'GET' | 'POST' | 'PATCH';
  /** Under `/api/v1`; `:ticket` is filled from the tool input's `ticket`. */
  path: string;
  tool: Tool;
}

/**
 * REST `/api/v1`: each route is one tool, so REST, MCP and `ask` cannot drift apart. GET routes take the
 * tool input as query parameters, the others as a JSON body; `:ticket` comes from the path. The `--server`
 * CLI builds its requests from this same table.
 */
export const ROUTES: readonly Route[] = [
  { method: 'POST', path: '/ask', tool: ASK },
  { method: 'GET', path: '/health', tool: projectHealth },
  { method: 'GET', path: '/endpoints', tool: listEndpoints },
  { method: 'GET', path: '/endpoint', tool: getEndpoint },
  { method: 'GET', path: '/schema', tool: getSchema },
  { method: 'GET', path: '/usages', tool: findUsages },
  { method: 'GET', path: '/mismatches', tool: listMismatches },
  { method: 'GET', path: '/deploy-check', tool: deployCheck },
  { method: 'GET', path: '/symbols', tool: findSymbol },
  { method: 'POST', path: '/scans', tool: runScan },
  { method: 'GET', path: '/tickets', tool: listTickets },
  { method: 'POST', path: '/tickets', tool: createTicket },
  { method: 'GET', path: '/tickets/:ticket', tool: getTicket },
  { method: 'PATCH', path: '/tickets/:ticket', tool: updateTicket },
  { method: 'POST', path: '/tickets/:ticket/claim', tool: claimStep },
  { method: 'POST', path: '/tickets/:ticket/release', tool: releaseStep },
  { method: 'POST', path: '/tickets/:ticket/finish', tool: finishStep },
  { method: 'POST', path: '/tickets/:ticket/notes', tool: addNote },
  { method: 'POST', path: '/tickets/:ticket/decisions', tool: logDecision },
  { method: 'POST', path: '/tickets/:ticket/verify', tool: verifyTicket },
  { method: 'POST', path: '/tickets/:ticket/send-back', tool: sendBack },
  { method: 'POST', path: '/tickets/:ticket/close', tool: closeTicket },
  { method: 'GET', path: '/events', tool: listTicketEvents },
];

export function routeOf(toolName: string): Route | undefined {
  return ROUTES.find((route) => route.tool.name === toolName);
}

/** Query strings are text: the numbers and flags tools take are read back from it. */
const NUMERIC = new Set(['limit', 'offset', 'position', 'version']);
export function queryInput(query: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(query)) {
    if (value === 'true' || value === 'false') input[key] = value === 'true';
    else if (NUMERIC.has(key) && /^\d+$/.test(value)) input[key] = Number(value);
    else input[key] = value;
  }
  return input;
}
