import type { RuleFamily } from '../family.js';
import { handlerIdentity } from './handler-identity.js';
import { HandlerLinks } from '../handlers/handler-links.js';
import { MASS_ASSIGNMENT, massAssignmentFindings, massAssignmentNotes } from './mass-assignment.js';
import { NO_AUTH, noAuthFindings } from './no-auth.js';
import { OWNERSHIP, ownershipFindings, ownershipNotes } from './ownership.js';
import { routeHandlers } from '../handlers/route-handlers.js';

/**
 * The `authz.*` rules (DESIGN §5). The AST passes leave notes on handlers (who they check, what they write);
 * the repo pass joins each handler to its routes and reports what the route makes a problem.
 */
export const AUTHZ: RuleFamily = {
  rules: [NO_AUTH, OWNERSHIP, MASS_ASSIGNMENT],
  extractors: [handlerIdentity, routeHandlers, ownershipNotes, massAssignmentNotes],
  repo(context) {
    const links = new HandlerLinks(context);
    return [
      ...noAuthFindings(context, links),
      ...ownershipFindings(context, links),
      ...massAssignmentFindings(context, links),
    ];
  },
};
