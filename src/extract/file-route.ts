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
  local: string,
): void {
  const declared = file.topLevel.get(local);
  const wrappers: string[] = [];
  let handler = unwrap(declared);
  while (handler?.type === 'CallExpression') {
    const name = dottedName(handler.callee);
    if (name) wrappers.push(name);
    handler = unwrap((handler.arguments as Node[]).at(-1));
  }
  facts.routes.push({
    framework,
    method,
    path: { k: 'str', v: path },
    middleware: wrappers,
    order: 0,
    ...readWebHandler(handler),
    ...file.position(declared ?? file.program),
  });
}
