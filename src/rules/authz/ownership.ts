import type { Node } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { savedLater } from './body-writes.js';
import { servesHttp } from '../handlers/serves-http.js';
import { isTestFile } from '../../scan/test-files.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import type { HandlerLinks, ServedRoute } from '../handlers/handler-links.js';
import { addNote, confirmed, handlerOf, notesOf } from '../handlers/handler-notes.js';
import { ownerEvidence } from './identity.js';
import { isAdminPath } from './public-routes.js';
import { recordById } from './record-access.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const OWNERSHIP: RuleMeta = {
  id: 'authz.ownership',
  severity: 'warning',
  title: 'A record is fetched or changed by a client-chosen id with no ownership check',
  fix: "Scope the query to the caller (`where: { id, userId: req.user.id }`), or load the record and answer 404/403 when its owner is not the caller; for shared records, check the caller's role or membership.",
};

/**
 * Reads that are someone's own data by their nature. A read of anything else by id (a product, a post)
 * is usually a public catalogue, so reads are reported only for these; writes are reported whatever they
 * touch, since an authenticated route that lets any user change any record needs a reason.
 */
const PERSONAL =
  /order|invoice|payment|transaction|message|conversation|chat|document|(?<!pro)file|upload|note|address|card|account|booking|reservation|cart|basket|subscription|notification|wallet|receipt|statement|contract|allocation|todo|task|memo|secret|token|key|credential|appointment|prescription|record/i;

/** Middleware and guards that decide per record or per role: with one, the handler need not compare owners. */
const RECORD_GUARD =
  /owner|owns|ownership|authori[sz]|permission|polic|abilit|access(?!.?token)|admin|role|member|acl|casl|can[A-Z_]|^can$/i;

/**
 * Notes handlers that pick a record by a client-chosen id (`findById(req.params.id)`,
 * `where: { id: req.params.id }`, `WHERE id = $1`) and never look at the caller — no `req.user`, no session
 * call, no permission check, no 403. The repo pass reports them when their route is authenticated: an
 * unauthenticated one is authz.no-auth's.
 */
export const ownershipNotes: Extractor = {
  name: 'authz-ownership',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /findBy(?:Id|Pk)|findOne|findFirst|findUnique|\bwhere\b|\.update\(|\.delete\(|\.destroy\(|deleteOne|updateOne/.test(
      text,
    ) &&
    /params|query|body|@Param|searchParams/.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const found = recordById(file, call);
      if (!found) continue;
      const handler = handlerOf(file, call);
      if (!handler || ownerEvidence(handler.fn, file.text)) continue;
      // `const order = await Order.findById(id); order.status = …; await order.save()` changes it.
      const saved = !found.write && changedLater(file, handler.fn, call);
      const access = { ...found, write: found.write || saved };
      if (!access.write && !PERSONAL.test(access.target)) continue;
      const verb = saved ? 'loads, then saves,' : access.write ? 'changes' : 'returns';
      addNote(file, facts, OWNERSHIP.id, call, handler.anchor, {
        message: `${access.call} ${verb} the ${access.target} picked by ${access.id}, and nothing in the handler ties it to the signed-in user (heuristic: no owner or tenant field in the query, the caller's id is never read, no permission check or 403): any signed-in user can ${access.write ? 'change' : 'read'} another user's ${access.target} by changing the id.`,
        subject: access.call,
        key: access.call,
      });
    }
  },
};

/** Notes whose routes are all authenticated, with no record or role guard and no admin path. */
export function ownershipFindings(context: RepoRuleContext, links: HandlerLinks): RepoFinding[] {
  const found: RepoFinding[] = [];
  for (const [file, facts] of context.facts)
    for (const note of notesOf(facts, OWNERSHIP.id)) {
      const routes = links.routesOf(file, note.handler);
      if (routes.length > 0 && routes.every(guardedByIdentityOnly))
        found.push({ ...confirmed(note, OWNERSHIP.id), file });
    }
  return found;
}

/** The record a read loads is saved later in the handler. */
function changedLater(file: ParsedFile, fn: Node, call: Node): boolean {
  let holder = file.parent(call);
  if (holder?.type === 'AwaitExpression') holder = file.parent(holder);
  return holder?.type === 'VariableDeclarator' && holder.id?.type === 'Identifier'
    ? savedLater(fn, holder.id.name, call.end)
    : false;
}

function guardedByIdentityOnly(served: ServedRoute): boolean {
  if (served.endpoints.length === 0) return false;
  if (served.middleware.some((name) => RECORD_GUARD.test(name))) return false;
  return served.endpoints.every(
    (endpoint) =>
      endpoint.auth === 'required' &&
      !isAdminPath(endpoint.path) &&
      !(endpoint.authVia ?? []).some((name) => RECORD_GUARD.test(name)),
  );
}
