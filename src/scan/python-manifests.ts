// Python dependencies a repo declares, so the Python extractors run only where their framework is used.
// Read as text, never executed: setup.py is scanned for its install_requires strings, not run.

/** Files that declare Python dependencies. */
export const PYTHON_MANIFEST =
  /(?:^|\/)(?:requirements[\w.-]*\.(?:txt|in)|pyproject\.toml|Pipfile|setup\.py|setup\.cfg)$/;

/** Distribution names as pip normalises them (PEP 503): lower case, runs of `-_.` as `-`. */
export function normalizeDistribution(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The distribution names a manifest's text lists. */
export function pythonDependencies(path: string, text: string): string[] {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (name.startsWith('requirements')) return requirementLines(text.split('\n'));
  if (name === 'Pipfile') return tomlTableKeys(text, /^\[(?:dev-)?packages\]$/);
  if (name === 'pyproject.toml')
    return [
      ...requirementLines(tomlArray(text, 'dependencies')),
      ...tomlTableKeys(text, /^\[tool\.poetry\.(?:group\.[\w-]+\.)?(?:dev-)?dependencies\]$/).filter(
        (dependency) => dependency !== 'python',
      ),
    ];
  // setup.py / setup.cfg: quoted requirement strings and `install_requires =` lines.
  return requirementLines(
    [...text.matchAll(/["']([A-Za-z0-9][\w.-]{0,80})\s*(?:[<>=!~;[ ][^"'\n]{0,120})?["']/g)].map((m) =>
      m[0].slice(1, -1),
    ),
  );
}

const REQUIREMENT = /^\s*([A-Za-z0-9][A-Za-z0-9._-]{0,80})\s*(?:\[[^\]\n]{0,100}\])?\s*(?:[<>=!~;@]|$)/;

function requirementLines(lines: readonly string[]): string[] {
  const names: string[] = [];
  for (const line of lines) {
    if (/^\s*(?:#|-)/.test(line)) continue;
    const match = REQUIREMENT.exec(line);
    if (match?.[1]) names.push(normalizeDistribution(match[1]));
  }
  return names;
}

/** The strings of a top-level `key = [ … ]` array (PEP 621 `dependencies`); `]` inside a string is text. */
function tomlArray(text: string, key: string): string[] {
  const start = new RegExp(`^${key}\\s*=\\s*\\[`, 'm').exec(text);
  if (!start) return [];
  const values: string[] = [];
  let quote = '';
  let current = '';
  for (let i = start.index + start[0].length; i < text.length; i++) {
    const char = text[i] as string;
    if (quote) {
      if (char === quote) {
        values.push(current);
        quote = '';
        current = '';
      } else current += char;
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ']') break;
    else if (char === '#') i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
  }
  return values;
}

/** Keys of the TOML tables whose header matches (`[tool.poetry.dependencies]`). */
function tomlTableKeys(text: string, header: RegExp): string[] {
  const names: string[] = [];
  let inside = false;
  for (const line of text.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('[')) {
      inside = header.test(trimmed);
      continue;
    }
    const key = inside ? /^["']?([A-Za-z0-9][\w.-]{0,80})["']?\s*=/.exec(trimmed)?.[1] : undefined;
    if (key) names.push(normalizeDistribution(key));
  }
  return names;
}
