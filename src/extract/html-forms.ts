/**
 * HTML forms — https://developer.mozilla.org/docs/Web/HTML/Element/form
 * `<form action="/api/subscribe" method="post">` sends its named fields to `action` without any script: a POST
 * with body fields `email`… (a GET form sends them as the query). Read in JSX (`<form>`, Remix/React Router
 * `<Form>`) and in plain `.html` pages. A form without an `action` posts to its own page, and an `action` that
 * is a function (React server actions) is no URL: neither is a call.
 */
import type { Node } from './ast.js';
import { unwrap } from './ast.js';
import type { Extractor } from './extractor.js';
import type { FileFacts } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import type { Value } from '../scan/value.js';

const FIELD_TAGS = /^(?:input|select|textarea|button|Input|Select|Textarea|TextArea)$/;
/** Bounds for reading untrusted HTML: a page this large has no forms worth the scan. */
const MAX_HTML = 512 * 1024;

export const htmlForms: Extractor = {
  name: 'html-forms',
  detect: () => true,
  prefilter: (text) => /<form\b/i.test(text),
  documents: /\.html?$/i,
  extract(file, facts) {
    for (const form of file.forms) {
      const attributes = attributesOf(file, form.openingElement);
      const action = attributes.get('action');
      if (!action || !startsWithSlash(action)) continue;
      const names = new Set<string>();
      collectFields(file, form, names);
      push(facts, attributes.get('method'), action, [...names], file.position(form));
    }
  },
  extractDocument(_path, text, facts) {
    if (text.length > MAX_HTML) return;
    for (const form of htmlFormsIn(text)) push(facts, form.method, form.action, form.fields, form);
  },
};

function push(
  facts: FileFacts,
  methodValue: Value | undefined,
  url: Value,
  fields: string[],
  at: { line: number; column: number },
): void {
  const method = methodValue?.k === 'str' ? methodValue.v.toUpperCase() : methodValue ? 'ANY' : 'GET';
  const sendsQuery = method === 'GET';
  facts.calls.push({
    client: 'form',
    method,
    url,
    ...(sendsQuery
      ? fields.length > 0
        ? { queryFields: fields }
        : {}
      : { bodyFields: fields, bodyOpen: false }),
    line: at.line,
    column: at.column,
  });
}

/** A path on this site: `"/api/x"` or `` {`/api/items/${id}`} ``; a function (server action) is not. */
function startsWithSlash(value: Value): boolean {
  const first = value.k === 'concat' ? value.parts[0] : value;
  return first?.k === 'str' && first.v.startsWith('/');
}

function attributesOf(file: ParsedFile, opening: Node): Map<string, Value> {
  const out = new Map<string, Value>();
  for (const attribute of opening.attributes as Node[]) {
    if (attribute.type !== 'JSXAttribute' || attribute.name?.type !== 'JSXIdentifier') continue;
    const value = unwrap(attribute.value);
    const expression = value?.type === 'JSXExpressionContainer' ? unwrap(value.expression) : value;
    out.set(attribute.name.name as string, file.valueOf(expression));
  }
  return out;
}

/** Named controls inside the form, at any depth (wrappers and fieldsets included). */
function collectFields(file: ParsedFile, element: Node, names: Set<string>): void {
  for (const child of element.children as Node[]) {
    if (child.type !== 'JSXElement') continue;
    const tag = child.openingElement?.name?.name;
    if (typeof tag === 'string' && FIELD_TAGS.test(tag)) {
      const name = attributesOf(file, child.openingElement).get('name');
      if (name?.k === 'str' && name.v !== '') names.add(name.v);
    }
    collectFields(file, child, names);
  }
}

interface HtmlForm {
  action: Value;
  method?: Value;
  fields: string[];
  line: number;
  column: number;
}

/** `<form …>…</form>` in a page, found with indexOf scans (linear, no backtracking on untrusted text). */
function htmlFormsIn(text: string): HtmlForm[] {
  const lower = text.toLowerCase();
  const forms: HtmlForm[] = [];
  let at = lower.indexOf('<form');
  while (at >= 0) {
    const tagEnd = lower.indexOf('>', at);
    if (tagEnd < 0) break;
    const close = lower.indexOf('</form', tagEnd);
    const end = close < 0 ? text.length : close;
    const attributes = htmlAttributes(text.slice(at + 5, tagEnd));
    const action = attributes.get('action');
    if (action?.startsWith('/')) {
      const fields = new Set<string>();
      for (const tag of ['<input', '<select', '<textarea', '<button']) {
        let field = lower.indexOf(tag, tagEnd);
        while (field >= 0 && field < end) {
          const fieldEnd = lower.indexOf('>', field);
          if (fieldEnd < 0) break;
          const name = htmlAttributes(text.slice(field + tag.length, fieldEnd)).get('name');
          if (name) fields.add(name);
          field = lower.indexOf(tag, fieldEnd);
        }
      }
      const method = attributes.get('method');
      forms.push({
        action: { k: 'str', v: action },
        ...(method ? { method: { k: 'str', v: method } } : {}),
        fields: [...fields],
        ...positionAt(text, at),
      });
    }
    at = lower.indexOf('<form', end);
  }
  return forms;
}

/** `action="/x" method=post name='y'` → a map of lower-cased names to values. */
function htmlAttributes(source: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < source.length) {
    while (i < source.length && /[\s/]/.test(source[i] as string)) i++;
    const nameStart = i;
    while (i < source.length && !/[\s=/>]/.test(source[i] as string)) i++;
    const name = source.slice(nameStart, i).toLowerCase();
    if (name === '') {
      i++;
      continue;
    }
    while (i < source.length && /\s/.test(source[i] as string)) i++;
    if (source[i] !== '=') {
      out.set(name, '');
      continue;
    }
    i++;
    while (i < source.length && /\s/.test(source[i] as string)) i++;
    const quote = source[i];
    let value: string;
    if (quote === '"' || quote === "'") {
      const close = source.indexOf(quote, i + 1);
      const stop = close < 0 ? source.length : close;
      value = source.slice(i + 1, stop);
      i = stop + 1;
    } else {
      const start = i;
      while (i < source.length && !/\s/.test(source[i] as string)) i++;
      value = source.slice(start, i);
    }
    out.set(name, value);
  }
  return out;
}

function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++)
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  return { line, column: offset - lineStart + 1 };
}
