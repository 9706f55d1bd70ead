/**
 * Shell commands built from request input — https://owasp.org/www-community/attacks/Command_Injection
 * `child_process.exec`/`execSync` always run their string through a shell; `spawn`/`execFile` do only with
 * `{ shell: true }` or when the program is a shell given `-c`.
 */
import { type Node, objectProperty, stringLiteral, unwrap } from '../../extract/ast.js';
import type { Extractor } from '../../extract/extractor.js';
import type { ParsedFile } from '../../extract/parsed-file.js';
import { isTestFile } from '../../scan/test-files.js';
import { requestInput } from '../request-input.js';
import { type RuleMeta, addFinding } from '../rule.js';
import { moduleFunction, nodeModule } from './modules.js';
import { taintedString } from './tainted.js';
import { mayHandleRequests } from '../errors/server-code.js';

export const SHELL_INJECTION: RuleMeta = {
  id: 'inject.shell',
  severity: 'error',
  title: 'A shell command is built from request input',
  fix: 'Run the program without a shell and pass input as its own argument: `execFile(cmd, [arg])` or `spawn(cmd, [arg])` without `shell: true`; check the value against an allow-list when it picks the program or a flag.',
};

const CHILD_PROCESS = nodeModule('child_process');
const SHELL_ALWAYS = new Set(['exec', 'execSync']);
const SHELL_OPTIONAL = new Set(['spawn', 'spawnSync', 'execFile', 'execFileSync']);
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:ba|z|da)?sh$|^cmd(?:\.exe)?$|^powershell(?:\.exe)?$/;

export const shellInjection: Extractor = {
  name: 'rules-inject-shell',
  detect: () => true,
  prefilter: (text, path) => mayHandleRequests(path) && text.includes('child_process'),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const call of file.calls) {
      const fn = moduleFunction(file, call, CHILD_PROCESS);
      if (!fn) continue;
      const args = call.arguments as Node[];
      const found = SHELL_ALWAYS.has(fn)
        ? commandInput(file, args[0])
        : SHELL_OPTIONAL.has(fn)
          ? shellArgsInput(file, args)
          : undefined;
      if (!found) continue;
      addFinding(file, facts, SHELL_INJECTION, call, {
        message: `${fn}() runs a shell command built from request input (${found}): a client can append \`; rm -rf …\` or \`$(…)\` and run anything on the server.`,
        subject: `${fn}(${found})`,
        key: `${fn}:${found}`,
      });
    }
  },
};

function commandInput(file: ParsedFile, node: Node | undefined): string | undefined {
  return taintedString(file, node)?.proof;
}

/** `spawn(cmd, args, { shell: true })` or `spawn('sh', ['-c', cmd])`: the shell sees the input. */
function shellArgsInput(file: ParsedFile, args: Node[]): string | undefined {
  const list = unwrap(args[1])?.type === 'ArrayExpression' ? unwrap(args[1]) : undefined;
  const options = list ? args[2] : args[1];
  const shell = unwrap(objectProperty(options, 'shell'));
  const usesShell =
    (!!shell && !(shell.type === 'Literal' && (shell.value === false || shell.value === null))) ||
    (SHELLS.test(stringLiteral(args[0]) ?? '') &&
      ((list?.elements ?? []) as Node[]).some((e) => /^[-/]c$/i.test(stringLiteral(e) ?? '')));
  if (!usesShell) return undefined;
  if (stringLiteral(args[0]) === undefined) {
    const found = commandInput(file, args[0]);
    if (found) return found;
  }
  for (const element of (list?.elements ?? []) as Node[]) {
    const found = requestInput(file, element);
    if (found) return found;
  }
  return undefined;
}
