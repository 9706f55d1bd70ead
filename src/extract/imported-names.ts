/**
 * Names a file imports, read from its text without parsing — good enough for a prefilter to ask "is this
 * receiver imported?". Bounded, linear patterns: a file of many `import` words without `from` stays cheap.
 */
const IMPORT = /\bimport\s+(?:type\s+)?([\w$*{},\s]{1,1000}?)\s*from\s*['"]/g;
const REQUIRE = /\b(?:const|let|var)\s+(\{[\w$,:\s]{1,1000}\}|[\w$]+)\s*=\s*require\s*\(/g;
const IDENTIFIER = /[A-Za-z_$][\w$]*/g;

export function importedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const pattern of [IMPORT, REQUIRE]) {
    pattern.lastIndex = 0;
    for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
      for (const name of (match[1] ?? '').match(IDENTIFIER) ?? []) names.add(name);
    }
  }
  return names;
}
