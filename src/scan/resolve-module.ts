import { posix } from 'node:path';
import { parseJsonc } from './jsonc.js';

const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.vue', '.svelte', '.d.ts'];
/** TypeScript ESM imports name the emitted `.js` file; the source is the `.ts` one. */
const EMITTED_TO_SOURCE: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

interface PathsConfig {
  /** Repo-relative directory that `paths` targets are relative to. */
  base: string;
  baseUrl?: string;
  paths: [pattern: string, targets: string[]][];
}

/**
 * Resolves import specifiers to repo-relative files without touching the disk: relative paths, `index` files,
 * tsconfig/jsconfig `paths` and `baseUrl` (with `extends`), and workspace packages by name. Anything else is
 * an external package.
 */
export class ModuleResolver {
  private readonly pathsByDir = new Map<string, PathsConfig | undefined>();
  private readonly packages = new Map<string, string>();

  constructor(
    private readonly files: ReadonlySet<string>,
    private readonly readText: (path: string) => string | undefined,
    private readonly onProblem: (path: string, message: string) => void = () => {},
  ) {
    for (const file of files) {
      if (file !== 'package.json' && !file.endsWith('/package.json')) continue;
      const name = this.readJson(file)?.name;
      if (typeof name === 'string' && file !== 'package.json') this.packages.set(name, posix.dirname(file));
    }
  }

  private readonly resolved = new Map<string, string | undefined>();

  resolve(from: string, specifier: string): string | undefined {
    const key = `${posix.dirname(from)}\0${specifier}`;
    if (this.resolved.has(key)) return this.resolved.get(key);
    const found = this.resolveUncached(from, specifier);
    this.resolved.set(key, found);
    return found;
  }

  private resolveUncached(from: string, specifier: string): string | undefined {
    if (specifier.startsWith('py:')) return this.pythonModule(from, specifier.slice(3));
    if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..')
      return this.file(posix.join(posix.dirname(from), specifier));
    if (specifier.startsWith('/')) return undefined;
    const config = this.pathsFor(posix.dirname(from));
    if (config) {
      for (const [pattern, targets] of config.paths) {
        const star = matchPattern(pattern, specifier);
        if (star === undefined) continue;
        for (const target of targets) {
          const found = this.file(posix.join(config.base, target.replace('*', star)));
          if (found) return found;
        }
      }
      if (config.baseUrl !== undefined) {
        const found = this.file(posix.join(config.baseUrl, specifier));
        if (found) return found;
      }
    }
    // `@/x` and `~/x` without a `paths` entry: the alias Vite templates, Vue CLI and Nuxt set up in their own
    // config (`'@': path.resolve(__dirname, './src')`), which is code we do not run. Neither is a valid
    // package name, so the convention cannot shadow a dependency.
    if (/^[@~]\//.test(specifier)) return this.conventionalAlias(from, specifier.slice(2));
    return this.workspacePackage(specifier);
  }

  /** `rest` under `src/` (else the root) of the nearest package around the importing file. */
  private conventionalAlias(from: string, rest: string): string | undefined {
    let dir = posix.dirname(from);
    for (let depth = 0; depth < 32; depth++) {
      const root = dir === '.' || dir === '' ? '' : dir;
      if (this.files.has(root ? `${root}/package.json` : 'package.json'))
        return this.file(posix.join(root || '.', 'src', rest)) ?? this.file(posix.join(root || '.', rest));
      if (!root) return undefined;
      dir = posix.dirname(dir);
    }
    return undefined;
  }

  private workspacePackage(specifier: string): string | undefined {
    const parts = specifier.split('/');
    const nameLength = specifier.startsWith('@') ? 2 : 1;
    const name = parts.slice(0, nameLength).join('/');
    const dir = this.packages.get(name);
    if (dir === undefined) return undefined;
    const subpath = parts.slice(nameLength).join('/');
    if (subpath) return this.file(posix.join(dir, subpath)) ?? this.file(posix.join(dir, 'src', subpath));
    const manifest = this.readJson(posix.join(dir, 'package.json')) ?? {};
    const exportsDot = manifest.exports?.['.'] ?? manifest.exports;
    const entries = [
      manifest.source,
      typeof exportsDot === 'string'
        ? exportsDot
        : (exportsDot?.import ?? exportsDot?.default ?? exportsDot?.types),
      manifest.module,
      manifest.main,
      manifest.types,
      'src/index',
      'index',
    ].filter((entry): entry is string => typeof entry === 'string');
    for (const entry of entries) {
      const direct = this.file(posix.join(dir, entry));
      if (direct) return direct;
      // Workspace packages point `main` at build output; the scan reads the source it was built from.
      const fromSource = this.file(posix.join(dir, entry.replace(/^(\.\/)?(dist|build|lib|out)\//, 'src/')));
      if (fromSource) return fromSource;
    }
    return undefined;
  }

  /**
   * A Python module (`py:` specifiers, see extract/python/modules.ts): relative to the importing file's
   * package, or — for `app.api.users` — from the first folder up the importing file's path that holds it,
   * which is where the project puts its package root (`backend/app/…`, `src/app/…`).
   */
  private pythonModule(from: string, path: string): string | undefined {
    const module = (candidate: string) => {
      const normal = posix.normalize(candidate).replace(/\/$/, '');
      if (normal.startsWith('..')) return undefined;
      const base = normal === '.' ? '' : normal;
      for (const file of [`${base}.py`, base ? `${base}/__init__.py` : '__init__.py'])
        if (this.files.has(file)) return file;
      return undefined;
    };
    if (path.startsWith('.')) return module(posix.join(posix.dirname(from), path));
    for (let dir = posix.dirname(from); ; dir = posix.dirname(dir)) {
      const found = module(dir === '.' ? path : posix.join(dir, path));
      if (found) return found;
      if (dir === '.' || dir === '/' || dir === '') return undefined;
    }
  }

  /** The file a path names: itself, with an extension, its source for an emitted name, or its index. */
  private file(raw: string): string | undefined {
    const path = posix.normalize(raw).replace(/\/$/, '');
    if (path.startsWith('..')) return undefined;
    if (this.files.has(path) && !path.endsWith('.json')) return path;
    const ext = posix.extname(path);
    for (const sourceExt of EMITTED_TO_SOURCE[ext] ?? []) {
      const candidate = path.slice(0, -ext.length) + sourceExt;
      if (this.files.has(candidate)) return candidate;
    }
    for (const extension of EXTENSIONS) if (this.files.has(path + extension)) return path + extension;
    for (const extension of EXTENSIONS) {
      const index = `${path}/index${extension}`;
      if (this.files.has(index)) return index;
    }
    return undefined;
  }

  private pathsFor(dir: string): PathsConfig | undefined {
    if (this.pathsByDir.has(dir)) return this.pathsByDir.get(dir);
    let config: PathsConfig | undefined;
    const own = ['tsconfig.json', 'jsconfig.json'].map((name) =>
      dir === '.' || dir === '' ? name : `${dir}/${name}`,
    );
    const found = own.find((file) => this.files.has(file));
    if (found) config = this.readPaths(found, 0);
    else if (dir !== '.' && dir !== '') config = this.pathsFor(posix.dirname(dir));
    this.pathsByDir.set(dir, config);
    return config;
  }

  private readPaths(file: string, depth: number): PathsConfig | undefined {
    if (depth > 8) return undefined;
    const json = this.readJson(file, true);
    if (!json) return undefined;
    const dir = posix.dirname(file);
    let inherited: PathsConfig | undefined;
    const parents = Array.isArray(json.extends) ? json.extends : [json.extends];
    for (const parent of parents) {
      if (typeof parent !== 'string' || !parent.startsWith('.')) continue;
      const parentFile = posix.normalize(
        posix.join(dir, parent.endsWith('.json') ? parent : `${parent}.json`),
      );
      inherited = this.readPaths(parentFile, depth + 1) ?? inherited;
    }
    const options = json.compilerOptions ?? {};
    const baseUrl =
      typeof options.baseUrl === 'string' ? posix.join(dir, options.baseUrl) : inherited?.baseUrl;
    if (options.paths && typeof options.paths === 'object') {
      const paths = Object.entries(options.paths as Record<string, unknown>)
        .filter((entry): entry is [string, string[]] => Array.isArray(entry[1]))
        // TypeScript tries the longest prefix first.
        .sort((a, b) => b[0].indexOf('*') - a[0].indexOf('*'));
      return { base: baseUrl ?? dir, ...(baseUrl === undefined ? {} : { baseUrl }), paths };
    }
    if (inherited) return baseUrl === undefined ? inherited : { ...inherited, baseUrl };
    return baseUrl === undefined ? undefined : { base: baseUrl, baseUrl, paths: [] };
  }

  // biome-ignore lint/suspicious/noExplicitAny: manifests and tsconfigs are free-form JSON read defensively.
  private readJson(path: string, jsonc = false): any {
    const text = this.readText(path);
    if (text === undefined) return undefined;
    try {
      return jsonc ? parseJsonc(text) : JSON.parse(text);
    } catch (error) {
      this.onProblem(path, `invalid JSON: ${(error as Error).message}`);
      return undefined;
    }
  }
}

function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf('*');
  if (star < 0) return pattern === specifier ? '' : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) return undefined;
  if (specifier.length < prefix.length + suffix.length) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}
