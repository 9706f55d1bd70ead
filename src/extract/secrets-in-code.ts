/**
 * Secrets written into the calls that need them to be secret: `jwt.sign(payload, 'literal')`,
 * `session({ secret: 'keyboard cat' })`, `cookieParser('s3cret')`, `JwtModule.register({ secret })`,
 * `new JwtStrategy({ secretOrKey })`, `createHmac('sha256', 'key')`. A literal fallback after an env read
 * (`process.env.SECRET || 'dev'`) is reported as a warning: production runs with it the day the variable
 * is missing. Output is findings (rule `secrets.hardcoded`), not API facts.
 */
import { redact } from '../rules/rule.js';
import { HARDCODED_SECRET } from '../rules/secrets/hardcoded.js';
import { hashOf } from '../rules/secrets/provider-keys.js';
import { isTestFile } from '../scan/test-files.js';
import { type Node, dottedName, objectProperty, unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';

/** Calls whose nth argument is a secret. */
const SECRET_ARGUMENT: [RegExp, number][] = [
  [/(?:^|\.)(?:jwt|jsonwebtoken|jose)\.(?:sign|verify)$|^(?:sign|verify)Jwt$/, 1],
  [/^cookieParser$/, 0],
  [/(?:^|\.)createHmac$/, 1],
];
/** Calls taking an options object whose named property is a secret. */
const SECRET_OPTION: [RegExp, string[]][] = [
  [/^(?:session|expressSession|cookieSession)$/, ['secret', 'keys']],
  [
    /(?:^|\.)JwtModule\.register(?:Async)?$|^jwt$|^expressjwt$|^expressJwt$/,
    ['secret', 'secretOrPrivateKey'],
  ],
  [/^(?:JwtStrategy|Strategy)$/, ['secretOrKey']],
  [/^(?:NextAuth|betterAuth|lucia)$/, ['secret']],
];

export const secretsInCode: Extractor = {
  name: 'secrets-in-code',
  detect: () => true,
  prefilter: (text) =>
    /jwt|jsonwebtoken|jose|cookieParser|createHmac|session\(|cookieSession|JwtModule|JwtStrategy|NextAuth|betterAuth/.test(
      text,
    ) && /\bsecret|\bsign\(|\bverify\(|cookieParser\(|createHmac\(|secretOrKey|keys:/i.test(text),
  extract(file, facts) {
    if (isTestFile(file.path)) return;
    for (const node of [...file.calls, ...file.news]) {
      const name = dottedName(unwrap(node.callee)) ?? '';
      const args = node.arguments as Node[];
      for (const [pattern, index] of SECRET_ARGUMENT)
        if (pattern.test(name)) report(file, facts, name, args[index]);
      for (const [pattern, keys] of SECRET_OPTION) {
        if (!pattern.test(name)) continue;
        const options = objectLiteral(file, args[0]);
        for (const key of keys) report(file, facts, `${name}({ ${key} })`, objectProperty(options, key));
      }
    }
  },
};

/** A literal given as the secret: an error; a literal fallback after an env read: a warning. */
function report(file: ParsedFile, facts: FileFacts, where: string, node: Node | undefined): void {
  let value = unwrap(node);
  if (!value) return;
  // `const JWT_SECRET = process.env.JWT_SECRET || 'dev'`: judge the declaration, report at the call.
  const at = value;
  if (value.type === 'Identifier') {
    const init = unwrap(file.localInit(value.name, value) ?? file.topLevel.get(value.name));
    if (init?.type === 'LogicalExpression') value = init;
  }
  const literal = literalOf(file, value);
  const fallback =
    !literal && value.type === 'LogicalExpression' && ['||', '??'].includes(value.operator)
      ? literalOf(file, unwrap(value.right))
      : undefined;
  const secret = literal ?? fallback;
  if (!secret || secret.length < 4) return;
  const position = file.position(at);
  facts.findings ??= [];
  facts.findings.push({
    rule: HARDCODED_SECRET.id,
    line: position.line,
    column: position.column,
    ...(fallback ? { severity: 'warning' as const } : {}),
    message: fallback
      ? `${where} falls back to a secret written in the code (${redact(secret)}) when the environment does not set one.`
      : `${where} is given a secret written in the code (${redact(secret)}).`,
    subject: where,
    key: hashOf(`${where}\u0000${secret}`),
  });
}

function literalOf(file: ParsedFile, node: Node | undefined): string | undefined {
  const n = unwrap(node);
  if (!n) return undefined;
  if (n.type === 'ArrayExpression') return literalOf(file, (n.elements as Node[])[0]);
  if (n.type === 'Identifier' || n.type === 'Literal' || n.type === 'TemplateLiteral') {
    const value = file.valueOf(n);
    return value.k === 'str' ? value.v : undefined;
  }
  return undefined;
}
