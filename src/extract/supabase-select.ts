/**
 * PostgREST's select grammar, as supabase-js takes it — https://postgrest.org/en/stable/references/api/resource_embedding.html
 * `id, total:amount, customer:profiles!customer_id(name, email), items(*), meta->tags, created_at::text`.
 * A character scanner (no regular expressions on untrusted text), bounded by the string's length.
 */
export interface SelectTree {
  name: string;
  columns: string[];
  star: boolean;
  relations: SelectTree[];
}

const MAX_DEPTH = 16;

export function parseSelect(text: string): Omit<SelectTree, 'name'> {
  return readList(text, { at: 0 }, 0);
}

function readList(text: string, cursor: { at: number }, depth: number): Omit<SelectTree, 'name'> {
  const tree: Omit<SelectTree, 'name'> = { columns: [], star: false, relations: [] };
  while (cursor.at < text.length) {
    const start = cursor.at;
    // One item runs to a top-level `,` or `)`; a `(` opens its embedded list.
    while (cursor.at < text.length && !',()'.includes(text[cursor.at] as string)) cursor.at++;
    const head = text.slice(start, cursor.at).trim();
    if (text[cursor.at] === '(') {
      cursor.at++;
      const inner =
        depth < MAX_DEPTH ? readList(text, cursor, depth + 1) : { columns: [], star: true, relations: [] };
      const name = relationName(head);
      if (name) tree.relations.push({ name, ...inner });
      // Past this item's `)` and up to its `,`.
      while (cursor.at < text.length && text[cursor.at] !== ',' && text[cursor.at] !== ')') cursor.at++;
    } else if (head !== '') {
      const column = columnName(head);
      if (column === '*') tree.star = true;
      else if (column) tree.columns.push(column);
    }
    if (text[cursor.at] === ')') {
      cursor.at++;
      return tree;
    }
    cursor.at++;
  }
  return tree;
}

/** `customer:profiles!customer_id` → `profiles`; `...profiles` (spread) → `profiles`. */
function relationName(head: string): string | undefined {
  const afterAlias = head.includes(':') ? (head.split(':').pop() as string) : head;
  const name = afterAlias
    .replace(/^\.\.\./, '')
    .split('!')[0]
    ?.trim();
  return name ? name : undefined;
}

/** `total:amount` → `amount`; `created_at::text` → `created_at`; `meta->tags` → `meta`; `count()` aggregates aside. */
function columnName(head: string): string | undefined {
  const cast = head.indexOf('::');
  let item = cast >= 0 ? head.slice(0, cast) : head;
  const alias = item.indexOf(':');
  if (alias >= 0) item = item.slice(alias + 1);
  const arrow = item.indexOf('->');
  if (arrow >= 0) item = item.slice(0, arrow);
  item = item.trim();
  if (item === '*' || item === 'count') return item === '*' ? '*' : undefined;
  return /^[A-Za-z_][\w$]*$/.test(item) || /^"[^"]+"$/.test(item) ? item.replace(/"/g, '') : undefined;
}
