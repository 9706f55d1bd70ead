import type { FileFacts } from '../extract/facts.js';
import type { ModuleResolver } from './resolve-module.js';
import { type Part, type Value, concatParts } from './value.js';

/** Where a name is finally declared: a local of `file`, or a whole module (`import * as ns`). */
export type ModuleSymbol = { file: string; local: string } | { file: string; namespace: true };

const MAX_HOPS = 24;

/**
 * The files of one repo as a graph of imports and exports: resolves a name to its declaring file and turns
 * symbolic values into text and holes. Facts of files the pre-filter skipped are loaded on demand.
 */
export class ModuleGraph {
  constructor(
    private readonly resolver: ModuleResolver,
    private readonly factsOf: (path: string) => FileFacts | undefined,
    private readonly peekFacts: (path: string) => FileFacts | undefined,
    /** Origins the project's API is served from: absolute URLs to them are calls, not third-party requests. */
    readonly ownHosts: ReadonlySet<string> = new Set(),
  ) {}

  /** Facts of a file the linker follows an import into: parsed now if the pre-filter skipped it. */
  facts(path: string): FileFacts | undefined {
    return this.factsOf(path);
  }

  /** Facts as the first pass left them, without parsing anything: for iterating over every file. */
  peek(path: string): FileFacts | undefined {
    return this.peekFacts(path);
  }

  /** Thousands of calls share a handful of base constants: resolve each name once per file. */
  private readonly locals = new Map<string, ModuleSymbol | undefined>();
  private readonly values = new Map<string, Part[]>();

  /** The symbol a local name of `file` refers to, following imports and re-exports. */
  resolveLocal(file: string, name: string, hops = 0): ModuleSymbol | undefined {
    const key = `${file}\0${name}`;
    if (this.locals.has(key)) return this.locals.get(key);
    const symbol = this.resolveLocalUncached(file, name, hops);
    if (hops === 0 || symbol) this.locals.set(key, symbol);
    return symbol;
  }

  private resolveLocalUncached(file: string, name: string, hops: number): ModuleSymbol | undefined {
    if (hops > MAX_HOPS) return undefined;
    const facts = this.factsOf(file);
    if (!facts) return undefined;
    const binding = facts.imports[name];
    if (!binding) return { file, local: name };
    return this.resolveImport(file, binding.from, binding.name, hops + 1);
  }

  resolveImport(from: string, specifier: string, name: string, hops = 0): ModuleSymbol | undefined {
    const target = this.resolver.resolve(from, specifier);
    if (specifier.startsWith('py:') && name !== '*') {
      // `from app.api import users` names either something app/api/__init__.py defines or the submodule
      // app/api/users.py; a package folder may have no __init__.py at all.
      const found = target ? this.resolveExport(target, name, hops + 1, new Set()) : undefined;
      if (found) return found;
      const submodule = this.resolver.resolve(from, `${specifier}/${name}`);
      return submodule ? { file: submodule, namespace: true } : undefined;
    }
    if (!target) return undefined;
    if (name === '*') return { file: target, namespace: true };
    return this.resolveExport(target, name, hops + 1, new Set());
  }

  resolveExport(file: string, name: string, hops: number, seen: Set<string>): ModuleSymbol | undefined {
    if (hops > MAX_HOPS || seen.has(`${file}#${name}`)) return undefined;
    seen.add(`${file}#${name}`);
    const facts = this.factsOf(file);
    if (!facts) return undefined;
    const exported = facts.exports[name];
    if (exported && 'local' in exported) return this.resolveLocal(file, exported.local, hops + 1);
    if (exported) return this.resolveImport(file, exported.from, exported.name, hops + 1);
    if (name === 'default') return undefined;
    for (const from of facts.reexportAll) {
      const target = this.resolver.resolve(file, from);
      const found = target ? this.resolveExport(target, name, hops + 1, seen) : undefined;
      if (found) return found;
    }
    return undefined;
  }

  /** The symbol a value names: `ref`, `import`, or a member of a namespace import. */
  symbolOf(file: string, value: Value, hops = 0): ModuleSymbol | undefined {
    if (hops > MAX_HOPS) return undefined;
    switch (value.k) {
      case 'ref':
        return this.resolveLocal(file, value.name, hops + 1);
      case 'import':
        return this.resolveImport(file, value.from, value.name, hops + 1);
      case 'call':
        return this.symbolOf(file, value.callee, hops + 1);
      case 'member': {
        const object = this.symbolOf(file, value.of, hops + 1);
        if (object && 'namespace' in object)
          return this.resolveExport(object.file, value.prop, hops + 1, new Set());
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** Text and runtime holes of a value, resolving constants across files. */
  /** `params`: what a wrapper's caller passed for its parameters, when evaluating inside the wrapper. */
  evaluate(file: string, value: Value, hops = 0, params?: ReadonlyMap<string, Part[]>): Part[] {
    if (hops > MAX_HOPS) return [{ hole: 'dyn' }];
    switch (value.k) {
      case 'str':
        return [{ text: value.v }];
      case 'env':
        return [{ hole: 'env', hint: value.name }];
      case 'dyn': {
        const given = value.param ? params?.get(value.param) : undefined;
        if (given) return given;
        return [value.hint ? { hole: 'dyn', hint: value.hint } : { hole: 'dyn' }];
      }
      case 'concat':
        return concatParts(value.parts.flatMap((part) => this.evaluate(file, part, hops + 1, params)));
      case 'member': {
        const object = this.deref(file, value.of, hops + 1);
        if (object?.value.k === 'obj') {
          const prop = object.value.props[value.prop];
          if (prop) return this.evaluate(object.file, prop, hops + 1);
        }
        const symbol = this.symbolOf(file, value, hops + 1);
        if (symbol && 'local' in symbol) return this.evaluateSymbol(symbol, hops);
        return [{ hole: 'dyn', hint: value.prop }];
      }
      case 'ref':
      case 'import': {
        const symbol = this.symbolOf(file, value, hops + 1);
        if (symbol && 'local' in symbol) return this.evaluateSymbol(symbol, hops);
        return [{ hole: 'dyn', ...(value.k === 'ref' ? { hint: value.name } : {}) }];
      }
      default:
        return [{ hole: 'dyn' }];
    }
  }

  private evaluateSymbol(symbol: { file: string; local: string }, hops: number): Part[] {
    const key = `${symbol.file}\0${symbol.local}`;
    const known = this.values.get(key);
    if (known) return known;
    const bound = this.factsOf(symbol.file)?.bindings[symbol.local];
    const parts = bound
      ? this.evaluate(symbol.file, bound, hops + 1)
      : [{ hole: 'dyn' as const, hint: symbol.local }];
    // Parts are never mutated by callers, so one array serves every use.
    if (hops === 0 || !parts.some((part) => 'hole' in part && part.hint === undefined))
      this.values.set(key, parts);
    return parts;
  }

  /** Follows refs to the value they were declared with (an object literal, for member access). */
  private deref(file: string, value: Value, hops: number): { file: string; value: Value } | undefined {
    if (hops > MAX_HOPS) return undefined;
    if (value.k === 'obj') return { file, value };
    if (value.k === 'member') {
      const object = this.deref(file, value.of, hops + 1);
      const prop = object?.value.k === 'obj' ? object.value.props[value.prop] : undefined;
      return prop && object ? this.deref(object.file, prop, hops + 1) : undefined;
    }
    const symbol = this.symbolOf(file, value, hops + 1);
    if (!symbol || !('local' in symbol)) return undefined;
    const bound = this.factsOf(symbol.file)?.bindings[symbol.local];
    return bound ? this.deref(symbol.file, bound, hops + 1) : undefined;
  }
}
