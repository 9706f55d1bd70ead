import type { RuleFamily } from '../family.js';
import { CODE_INJECTION, codeInjection } from './code.js';
import { UNSAFE_DESERIALIZATION, unsafeDeserialization } from './deser.js';
import { NOSQL_INJECTION, nosqlInjection } from './nosql.js';
import { PATH_TRAVERSAL, pathTraversal } from './path.js';
import { REDOS, redos } from './redos.js';
import { SHELL_INJECTION, shellInjection } from './shell.js';
import { SQL_INJECTION, sqlInjection } from './sql.js';
import { SSRF_REQUEST_URL, ssrfRequestUrl } from './ssrf.js';
import { XML_ENTITIES, xmlEntities } from './xml-entities.js';

/**
 * The `inject.*`, `ssrf.*` and `deser.*` rules (DESIGN §5): request input reaching an interpreter (SQL, a
 * shell, `eval`, a MongoDB filter), a server-side request, or a deserialiser that runs code. Each is judged
 * in one file, from the call back to where its argument was read.
 */
export const INJECT: RuleFamily = {
  rules: [
    SQL_INJECTION,
    SHELL_INJECTION,
    CODE_INJECTION,
    NOSQL_INJECTION,
    SSRF_REQUEST_URL,
    UNSAFE_DESERIALIZATION,
    XML_ENTITIES,
    REDOS,
    PATH_TRAVERSAL,
  ],
  extractors: [
    sqlInjection,
    shellInjection,
    codeInjection,
    nosqlInjection,
    ssrfRequestUrl,
    unsafeDeserialization,
    xmlEntities,
    redos,
    pathTraversal,
  ],
};
