import { type Node, memberPath, unwrap } from '../extract/ast.js';
import type { ParsedFile } from '../extract/parsed-file.js';
import { requestInput } from './request-input.js';

/**
 * Whether a redirect target's host comes from what a link can carry (query string, route params, a posted
 * form or body), and the proof. Headers, cookies and the request's own URL are not chosen by the page that
 * links to you, so a `https://${req.headers.host}${req.url}` upgrade is not an open redirect.
 *
 * Only the part that decides where the browser goes counts: `'/profile/' + id` stays on this site whatever
 * `id` is, and `new URL('/login', req.url)` goes to `/login` (the request URL is only the base).
 */
export interface RedirectInput {
  proof: string;
  /** Local names the value passed through (`next`, `target`): a check on any of them is a check on it. */
  names: Set<string>;
}

const ATTACKER_PART =
  /\b(?:query|queries|params|param|body|searchParams|json|formData|valid)\b|@(?:Query|Body|Param)\(/;
/** Calls that keep a URL string as it was. */
const PASS_THROUGH = new Set(['String', 'decodeURIComponent', 'decodeURI', 'toString', 'trim', 'valueOf']);
const MAX_DEPTH = 10;

export function redirectInput(file: ParsedFile, node: Node | undefined): RedirectInput | undefined {
  const names = new Set<string>();
  const proof = leading(file, node, names, 0);
  return proof ? { proof, names } : undefined;
}

/** The input that decides the target's origin, if any. */
function leading(
  file: ParsedFile,
  node: Node | undefined,
  names: Set<string>,
  depth: number,
): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  const next = (child: Node | undefined) => leading(file, child, names, depth + 1);
  switch (n.type) {
    case 'Identifier': {
      names.add(n.name);
      const init = file.localInit(n.name, n);
      if (init) return next(init);
      const proof = attackerInput(file, n);
      // `const { next } = req.query` proves `req.query`; the message names the field.
      return proof && /^[\w$.]+$/.test(proof) && !proof.endsWith(`.${n.name}`) ? `${proof}.${n.name}` : proof;
    }
    case 'AwaitExpression':
      return next(n.argument);
    case 'NewExpression': {
      const callee = unwrap(n.callee);
      // `new URL(target, base)`: the target decides; the base matters only for a relative target.
      return callee?.type === 'Identifier' && callee.name === 'URL'
        ? next((n.arguments as Node[])[0])
        : undefined;
    }
    case 'TemplateLiteral':
    case 'BinaryExpression':
      if (n.type === 'BinaryExpression' && n.operator !== '+') return undefined;
      return concatenated(file, n, names, depth);
    case 'LogicalExpression':
      return n.operator === '&&' ? next(n.right) : (next(n.left) ?? next(n.right));
    case 'ConditionalExpression':
      return next(n.consequent) ?? next(n.alternate);
    case 'CallExpression': {
      const callee = unwrap(n.callee);
      if (callee?.type === 'Identifier' && PASS_THROUGH.has(callee.name))
        return next((n.arguments as Node[])[0]);
      if (callee?.type === 'MemberExpression' && !callee.computed && PASS_THROUGH.has(callee.property.name))
        return next(callee.object);
      return attackerInput(file, n);
    }
    case 'MemberExpression':
      // `url.href` of a `new URL(next)`.
      if (!n.computed && n.property.name === 'href') {
        const found = next(n.object);
        if (found) return found;
      }
      return attackerInput(file, n);
    default:
      return undefined;
  }
}

/** `'/login?next=' + x` is pinned to this site before `x`; `'https://' + x` or `x + '/path'` are not. */
function concatenated(file: ParsedFile, n: Node, names: Set<string>, depth: number): string | undefined {
  let prefix = '';
  for (const part of partsOf(n)) {
    if (typeof part === 'string') prefix += part;
    else {
      const value = file.valueOf(part);
      if (value.k === 'str') {
        prefix += value.v;
        continue;
      }
      if (pinned(prefix)) return undefined;
      return leading(file, part, names, depth + 1);
    }
    if (pinned(prefix)) return undefined;
  }
  return undefined;
}

function partsOf(n: Node): (string | Node)[] {
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const left = unwrap(n.left) as Node;
    const right = unwrap(n.right) as Node;
    return [...partsOf(left), ...partsOf(right)];
  }
  if (n.type === 'TemplateLiteral') {
    const out: (string | Node)[] = [];
    (n.quasis as Node[]).forEach((quasi, i) => {
      out.push(quasi.value.cooked ?? quasi.value.raw ?? '');
      const expression = (n.expressions as Node[])[i];
      if (expression) out.push(expression);
    });
    return out;
  }
  if (n.type === 'Literal' && typeof n.value === 'string') return [n.value];
  return [n];
}

/** A prefix that already fixes the host: a path on this site, a query, or a scheme, host and separator. */
function pinned(prefix: string): boolean {
  return (
    /^\/[^/\\]/.test(prefix) ||
    /^[?#]/.test(prefix) ||
    /^[a-z][a-z\d+.-]*:\/\/[^/?#\\]+[/?#]/i.test(prefix) ||
    /^(?![a-z][a-z\d+.-]*:)[\w.-]+[/?#]/i.test(prefix)
  );
}

/** Request input a link can carry; Next.js `request.nextUrl.searchParams` too. */
function attackerInput(file: ParsedFile, n: Node): string | undefined {
  const proof = requestInput(file, n) ?? nextUrlInput(file, n, 0);
  return proof && ATTACKER_PART.test(proof) ? proof : undefined;
}

/**
 * `request.nextUrl.searchParams.get('next')`, directly or through a constant (`const params =
 * req.nextUrl.searchParams`, `const { searchParams } = request.nextUrl`). requestInput does not read
 * `nextUrl` yet.
 */
function nextUrlInput(file: ParsedFile, node: Node | undefined, depth: number): string | undefined {
  const n = unwrap(node);
  if (!n || depth > MAX_DEPTH) return undefined;
  const text = () => file.text.slice(n.start, n.end).replace(/\s+/g, ' ');
  if (n.type === 'MemberExpression') {
    const path = memberPath(n);
    if (
      path &&
      /^(?:req|request)$/.test(path.root) &&
      path.names[0] === 'nextUrl' &&
      path.names[1] === 'searchParams'
    )
      return text();
    return nextUrlInput(file, n.object, depth + 1) && text();
  }
  if (n.type === 'CallExpression') {
    const callee = unwrap(n.callee);
    if (
      callee?.type === 'MemberExpression' &&
      !callee.computed &&
      /^(?:get|getAll)$/.test(callee.property.name)
    )
      return nextUrlInput(file, callee.object, depth + 1) && text();
    return undefined;
  }
  if (n.type === 'Identifier') {
    const init = file.localInit(n.name, n);
    if (init) return nextUrlInput(file, init, depth + 1);
    const found = file.destructuredInit(n.name, n);
    const source = found?.property.type === 'Property' ? unwrap(found.init) : undefined;
    if (
      source &&
      /^(?:req|request)\.nextUrl$/.test(file.text.slice(source.start, source.end)) &&
      n.name === 'searchParams'
    )
      return `${file.text.slice(source.start, source.end)}.searchParams`;
  }
  return undefined;
}
