// A Python module's imports and top-level names as the linker's import/export facts. Python specifiers are
// written `py:` + a path: `py:./routers` for `from .routers import …`, `py:app/api/deps` for
// `from app.api.deps import …` (found by the resolver from the importing file's folder upwards).
import type { FileFacts } from '../facts.js';
import type { Value } from '../../scan/value.js';
import { type PyFile, type PyNode, dottedName, assignmentIn } from './py-file.js';
import { pythonValue } from './values.js';

/** `from ..core import x` → `py:../core`; `from app.api import x` → `py:app/api`; `from . import x` → `py:.`. */
export function pythonSpecifier(moduleNode: PyNode): string | undefined {
  if (moduleNode.type === 'dotted_name') return `py:${moduleNode.text.replace(/\./g, '/')}`;
  if (moduleNode.type !== 'relative_import') return undefined;
  const prefix = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text ?? '.';
  const rest = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text.replace(/\./g, '/');
  const up = prefix.length <= 1 ? '.' : Array.from({ length: prefix.length - 1 }, () => '..').join('/');
  return `py:${rest ? `${up}/${rest}` : up}`;
}

/** Records the file's imports and its module-level names (every one is importable from it). */
export function readModule(file: PyFile, facts: FileFacts): void {
  // String attributes of each class (`API_V1_STR: str = "/api/v1"`), for `settings = Settings()`.
  const classStrings = new Map<string, Record<string, Value>>();
  for (const statement of file.statements()) {
    switch (statement.type) {
      case 'import_from_statement': {
        const moduleNode = statement.childForFieldName('module_name');
        const from = moduleNode ? pythonSpecifier(moduleNode) : undefined;
        if (!from) break;
        for (const imported of statement.childrenForFieldName('name')) {
          if (!imported) continue;
          const name =
            imported.type === 'aliased_import' ? imported.childForFieldName('name')?.text : imported.text;
          const local = imported.type === 'aliased_import' ? imported.childForFieldName('alias')?.text : name;
          if (!name || !local || name.includes('.')) continue;
          facts.imports[local] = { from, name };
          // An imported name is an attribute of the module too: `from .users import router` in __init__.py.
          facts.exports[local] = { from, name };
        }
        if (statement.namedChildren.some((c) => c?.type === 'wildcard_import')) facts.reexportAll.push(from);
        break;
      }
      case 'import_statement':
        for (const imported of statement.childrenForFieldName('name')) {
          if (imported?.type !== 'aliased_import') continue;
          // `import app.api.users as users`: the name is the module itself.
          const module = imported.childForFieldName('name')?.text;
          const alias = imported.childForFieldName('alias')?.text;
          if (module && alias) facts.imports[alias] = { from: `py:${module.replace(/\./g, '/')}`, name: '*' };
        }
        break;
      case 'expression_statement': {
        const assignment = statement.namedChildren[0];
        if (assignment?.type !== 'assignment') break;
        const name = dottedName(assignment.childForFieldName('left'));
        if (!name || name.includes('.')) break;
        facts.exports[name] = { local: name };
        const value = assignment.childForFieldName('right');
        // Constants a path may be built from: `API_PREFIX = "/api"`, `settings = Settings()`.
        if (value && /^(?:string|concatenated_string|binary_operator)$/.test(value.type)) {
          const constant = pythonValue(value);
          if (constant.k === 'str' || constant.k === 'concat') facts.bindings[name] = constant;
        } else if (value?.type === 'call') {
          const props = classStrings.get(dottedName(value.childForFieldName('function')) ?? '');
          if (props) facts.bindings[name] = { k: 'obj', props };
        }
        break;
      }
      case 'function_definition': {
        const name = statement.childForFieldName('name')?.text;
        if (name) facts.exports[name] = { local: name };
        break;
      }
      case 'class_definition': {
        const name = statement.childForFieldName('name')?.text;
        if (!name) break;
        facts.exports[name] = { local: name };
        const props = stringAttributes(statement);
        if (Object.keys(props).length === 0) break;
        classStrings.set(name, props);
        // `class Role(str, Enum)`: its members' values, for the models whose fields are typed with it.
        if (/\b(?:Str)?Enum\b/.test(statement.childForFieldName('superclasses')?.text ?? ''))
          facts.bindings[name] = { k: 'obj', props };
        break;
      }
      case 'decorated_definition': {
        const name = statement.childForFieldName('definition')?.childForFieldName('name')?.text;
        if (name) facts.exports[name] = { local: name };
        break;
      }
    }
  }
}

/** A class body's attributes whose default is a string: a settings class's paths and prefixes. */
function stringAttributes(cls: PyNode): Record<string, Value> {
  const props: Record<string, Value> = {};
  for (const statement of cls.childForFieldName('body')?.namedChildren ?? []) {
    const assignment = assignmentIn(statement);
    if (!assignment) continue;
    const name = assignment.childForFieldName('left');
    const value = pythonValue(assignment.childForFieldName('right'));
    if (name?.type === 'identifier' && value.k === 'str') props[name.text] = value;
  }
  return props;
}
