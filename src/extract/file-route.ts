import type { Node } from './ast.js';
import { dottedName, unwrap } from './ast.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { readWebHandler } from './web-handler.js';

/**
 * One route of a file-based router (SvelteKit, Nuxt/Nitro, Remix): the path comes from the file's place,
 * the handler is the exported function (unwrapped from `defineEventHandler(…)`-style wrappers, whose names
 * also count as middleware: `withAuth`, `requireUser`).
 */
export function fileRoute(
  file: ParsedFile,
  facts: FileFacts,
  framework: string,
  method: string,
  path: string,
  local: string | undefined,
  at?: Node,
): void {
  // `export { GET } from './handlers'`: the handler lives elsewhere, so only the route is known.
  const { handler, wrappers } = local ? exportedHandler(file, local) : { handler: undefined, wrappers: [] };
  const declared = local ? file.topLevel.get(local) : undefined;
  facts.routes.push({
    framework,
    method,
    path: { k: 'str', v: path },
    middleware: wrappers,
    order: 0,
    ...readWebHandler(handler),
    ...file.position(at ?? declared ?? file.program),
  });
}

/**
 * The function an export names, through aliases (`export const GET = handler`) and wrappers
 * (`withAuth(async (req) => …)`), with the wrappers' names.
 */
export function exportedHandler(
  file: ParsedFile,
  local: string,
): { handler: Node | undefined; wrappers: string[] } {
  const wrappers: string[] = [];
  let handler = unwrap(file.topLevel.get(local));
  for (let hops = 0; handler && hops < 8; hops++) {
    if (handler.type === 'Identifier') handler = unwrap(file.topLevel.get(handler.name));
    else if (handler.type === 'CallExpression') {
      const name = dottedName(handler.callee);
      if (name) wrappers.push(name);
      handler = unwrap((handler.arguments as Node[]).at(-1));
    } else break;
  }
  return { handler, wrappers };
}
