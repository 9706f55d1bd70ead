import { type Node, calledName, unwrap, walk } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import { servesHttp } from '../handlers/serves-http.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import type { RepoFinding, RepoRuleContext } from '../family.js';
import type { RuleMeta } from '../rule.js';
import type { HandlerLinks, ServedRoute } from '../handlers/handler-links.js';
import { isAdminPath } from './public-routes.js';
import { addNote, confirmed, handlerOf, notesOf } from '../handlers/handler-notes.js';
import { bodyWrite } from './body-writes.js';
import { wholeBody } from './whole-body.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const MASS_ASSIGNMENT: RuleMeta = {
  id: 'authz.mass-assignment',
  severity: 'error',
  title: 'The whole request body is written to the database',
  fix: 'Write only the fields the client may set — pick them (`{ title: body.title }`) or parse the body with a schema that drops the rest (zod `.parse`, Joi with `stripUnknown`, a DTO under `ValidationPipe({ whitelist: true })`) — and set owner, role and other server-side fields in code.',
};

/** Calls named like validation that take the body: after one, the body is checked, so stay quiet. */
const VALIDATION = /valid|parse|schema|assert|sanitiz|strip|pick|omit|whitelist|permit/i;
/** Guards that let only administrators through (`admin`, `requireRole('admin')`, `RolesGuard`). */
const ADMIN_GUARD = /admin|role|superuser|staff/i;
/** Route middleware that validates the body before the handler runs. */
const VALIDATION_MIDDLEWARE = /valid|schema|celebrate|zod|joi|yup|sanitiz/i;

/**
 * Notes writes that take the request body whole — `Model.create(req.body)`, `new Model(req.body).save()`,
 * `prisma.user.update({ data: req.body })`, `Object.assign(user, req.body)` then a save,
 * `supabase.from('x').insert(body)`, `knex('t').insert(req.body)`, `db.insert(t).values(body)`,
 * `{ $set: req.body }` — in a handler that does not validate the body first. The repo pass drops those
 * whose route runs a validation middleware or declares a closed body schema, and those only
 * administrators can reach.
 */
export const massAssignmentNotes: Extractor = {
  name: 'authz-mass-assignment',
  detect: servesHttp,
  prefilter: (text, path) =>
    mayHandleRequests(path) &&
    /\bbody\b|\.json\(\)|@Body\(|formData\(\)/.test(text) &&
    /\.(?:create|insert\w*|bulkCreate|build|upsert|save|createMany|update\w*|findBy\w*AndUpdate|findOneAndUpdate|replaceOne|values|set)\(|Object\.assign\(|new [A-Z]/.test(
      text,
    ),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const node of [...file.calls, ...file.news]) {
      const sink = bodyWrite(file, node);
      if (!sink) continue;
      const handler = handlerOf(file, node);
      if (handler && validatesBody(file, handler.fn)) continue;
      const anchor = handler?.anchor ?? { from: 0, to: 0, names: [] };
      addNote(file, facts, MASS_ASSIGNMENT.id, node, anchor, {
        message: `${snippet(file, node)} writes the whole request body (${sink.body}): a client can set any field the record has — role, isAdmin, owner, price — not only the ones the form shows.`,
        subject: sink.call,
        key: `${sink.call}\u0000${sink.body}`,
      });
    }
  },
};

/** Notes confirmed unless a linked route validates the body before the handler. */
export function massAssignmentFindings(context: RepoRuleContext, links: HandlerLinks): RepoFinding[] {
  const found: RepoFinding[] = [];
  for (const [file, facts] of context.facts)
    for (const note of notesOf(facts, MASS_ASSIGNMENT.id)) {
      const routes = links.routesOf(file, note.handler);
      const validated = routes.some(
        (served) =>
          served.route.middleware.some((name) => VALIDATION_MIDDLEWARE.test(name)) ||
          served.route.bodySchema !== undefined ||
          served.route.bodySchemaRef !== undefined ||
          served.endpoints.some((endpoint) => endpoint.body && !endpoint.body.open),
      );
      // Admins may set any field by design; what matters is that nobody else can.
      const adminOnly = routes.length > 0 && routes.every(isAdminRoute);
      if (!validated && !adminOnly) found.push({ ...confirmed(note, MASS_ASSIGNMENT.id), file });
    }
  return found;
}

function isAdminRoute(served: ServedRoute): boolean {
  const guards = [...served.middleware, ...served.endpoints.flatMap((e) => e.authVia ?? [])];
  return (
    guards.some((name) => ADMIN_GUARD.test(name)) ||
    (served.endpoints.length > 0 && served.endpoints.every((e) => isAdminPath(e.path)))
  );
}

/** Whether the handler validates the body before writing: `schema.parse(req.body)`, `validate(data)`. */
function validatesBody(file: ParsedFile, fn: Node): boolean {
  let validated = false;
  walk(fn, (node) => {
    if (validated || node.type !== 'CallExpression') return;
    const name = calledName(node.callee) ?? '';
    if (!VALIDATION.test(name)) return;
    validated = (node.arguments as Node[]).some((arg) => {
      const a = unwrap(arg);
      // express-validator's `validationResult(req)` checks what the route's chain declared.
      const request = a?.type === 'Identifier' && /^(?:req|request)$/.test(a.name) && /valid/i.test(name);
      return request || wholeBody(file, a) !== undefined;
    });
  });
  return validated;
}

function snippet(file: ParsedFile, node: Node): string {
  const text = file.text.slice(node.start, node.end).replace(/\s+/g, ' ');
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
