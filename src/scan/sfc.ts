/**
 * `<script>` blocks of Vue and Svelte single-file components, with the line each starts on, so positions in
 * the block map back to the component file. A scanner, not a regex: attributes may contain `>` in quotes.
 */
export interface ScriptBlock {
  text: string;
  lineOffset: number;
  lang: 'ts' | 'js';
}

export function scriptBlocks(source: string): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  const lower = source.toLowerCase();
  let from = 0;
  while (from < source.length) {
    const open = lower.indexOf('<script', from);
    if (open < 0) break;
    // `<!-- the <script setup> block loads… -->` mentions a tag without opening one.
    const comment = lower.lastIndexOf('<!--', open);
    const commentEnd = comment >= from ? lower.indexOf('-->', comment) : -1;
    if (comment >= from && commentEnd > open) {
      from = commentEnd + 3;
      continue;
    }
    const after = lower.charCodeAt(open + 7);
    // `<scripts>` or `<script-x>` are other tags.
    if (!(after === 62 || after === 32 || after === 9 || after === 10 || after === 13 || after === 47)) {
      from = open + 7;
      continue;
    }
    const tagEnd = endOfTag(source, open + 7);
    if (tagEnd < 0) break;
    const attributes = source.slice(open + 7, tagEnd);
    const close = lower.indexOf('</script', tagEnd + 1);
    if (close < 0) break;
    const text = source.slice(tagEnd + 1, close);
    const lineOffset = countLines(source, tagEnd + 1);
    const lang = /\blang\s*=\s*["']?(?:ts|typescript|tsx)\b/i.test(attributes) ? 'ts' : 'js';
    blocks.push({ text, lineOffset, lang });
    from = close + 8;
  }
  return blocks;
}

function endOfTag(source: string, from: number): number {
  let quote = 0;
  for (let i = from; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) quote = c;
    else if (c === 62) return i;
  }
  return -1;
}

function countLines(source: string, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) if (source.charCodeAt(i) === 10) lines++;
  return lines;
}
