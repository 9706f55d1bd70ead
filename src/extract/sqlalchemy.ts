/**
 * SQLAlchemy declarative models and SQLModel tables — https://docs.sqlalchemy.org/en/20/orm/declarative_tables.html
 * A schema source like Prisma's models: `class User(Base): __tablename__ = "users"` with `Column(…)` or
 * `Mapped[…] = mapped_column(…)` attributes, and `class Item(ItemBase, table=True)` in SQLModel, whose
 * annotated fields (inherited from non-table bases in the same file too) are columns and whose table is the
 * class name in lower case unless `__tablename__` says otherwise.
 */
import type { ColumnSpec, SchemaOp } from '../schema/schema-op.js';
import { dependsOnPython, type Extractor } from './extractor.js';
import type { ModelFact } from './facts.js';
import {
  type PyFile,
  type PyNode,
  callArguments,
  dottedName,
  stringValue,
  assignmentIn,
  classesOf,
  type PyClass,
} from './python/py-file.js';
import { annotationType, sqlalchemyType } from './python/sql-types.js';

export const sqlalchemy: Extractor = {
  name: 'sqlalchemy',
  language: 'python',
  needs: 'python-parser',
  detect: (repo) => dependsOnPython(repo, 'sqlalchemy', 'sqlmodel', 'flask-sqlalchemy'),
  // Alembic revisions declare throwaway classes for data migrations: they are not the app's models.
  prefilter: (text, path) =>
    !/(?:^|\/)versions\/[^/]+\.py$/.test(path) &&
    /__tablename__|table\s*=\s*True|mapped_column\(|\bColumn\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const classes = classesOf(file);
    const roots = declarativeRoots(file);
    const ops: SchemaOp[] = [];
    const models: ModelFact[] = [];
    for (const [name, info] of classes) {
      // SQLModel: `class Item(ItemBase, table=True)`.
      const sqlmodelTable = info.keywords.get('table')?.text === 'True';
      const body = info.node.childForFieldName('body');
      const tablename = body ? classString(body, '__tablename__') : undefined;
      // SQLAlchemy: a __tablename__ makes a table; SQLModel: `table=True` does (named after the class).
      if (!tablename && !sqlmodelTable) continue;
      const table = tablename ?? name.toLowerCase();
      const line = file.position(info.node).line;
      const known = basesKnown(classes, info, roots, 0);
      // Attributes that are not columns (relationships, properties, methods) are not checked against the
      // table; with a base from another file not all attributes are known, so no column is checked.
      const bodies = lineage(classes, info, 0);
      const relations = bodies.flatMap(nonColumns);
      const model: ModelFact = {
        name,
        schema: 'public',
        table,
        fields: {},
        relations,
        relational: known,
        ...file.position(info.node),
      };
      models.push(model);
      // A base from another file (polar's `RecordModel` with id and timestamps) brings columns this file cannot
      // see: the table is named, its columns unknown, so no source is said to lack them.
      if (!known) {
        ops.push({ kind: 'createView', line, schema: 'public', name: table, replace: false });
        continue;
      }
      const columns = bodies.flatMap((classBody) => columnsOf(classBody, sqlmodelTable));
      // `note = Column("memo", Text)`: code says `note`, the database `memo`.
      for (const column of columns)
        if (column.attribute !== column.name) model.fields[column.attribute] = column.name;
      const unique = [
        ...new Map(columns.map(({ attribute: _attribute, ...spec }) => [spec.name, spec])).values(),
      ];
      ops.push({
        kind: 'createTable',
        line,
        schema: 'public',
        name: table,
        columns: unique,
        ifNotExists: false,
      });
    }
    if (ops.length > 0) facts.database = { source: 'sqlalchemy', ops, models };
  },
};

const ROOT_BASES =
  /^(?:sqlmodel\.)?SQLModel$|^(?:\w+\.)?(?:DeclarativeBase|DeclarativeBaseNoMeta|Model)$|^db\.Model$/;

/** Names this file binds to a declarative base: `Base = declarative_base()`. */
function declarativeRoots(file: PyFile): Set<string> {
  const roots = new Set<string>();
  for (const statement of file.statements()) {
    const assignment = assignmentIn(statement);
    const value = assignment?.childForFieldName('right');
    const name = assignment?.childForFieldName('left');
    if (
      value?.type === 'call' &&
      /declarative_base$/.test(dottedName(value.childForFieldName('function')) ?? '') &&
      name
    )
      roots.add(name.text);
  }
  return roots;
}

/** Every base is a declarative root or a same-file class whose own bases are known. */
function basesKnown(
  classes: Map<string, PyClass>,
  info: PyClass,
  roots: Set<string>,
  depth: number,
): boolean {
  if (depth > 8) return false;
  return info.bases.every((base) => {
    if (ROOT_BASES.test(base) || roots.has(base)) return true;
    const parent = classes.get(base);
    if (!parent) return false;
    // A same-file class deriving from DeclarativeBase is itself a root.
    return basesKnown(classes, parent, roots, depth + 1);
  });
}

const NOT_COLUMNS =
  /^(?:relationship|Relationship|association_proxy|column_property|synonym|hybrid_property)$/;

/** Class members that are not columns: relationships, computed attributes, properties and methods. */
function nonColumns(body: PyNode): string[] {
  const names: string[] = [];
  for (const statement of body.namedChildren) {
    if (!statement) continue;
    const definition =
      statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (definition?.type === 'function_definition') {
      const name = definition.childForFieldName('name')?.text;
      if (name) names.push(name);
      continue;
    }
    const assignment = assignmentIn(statement);
    const right = assignment?.childForFieldName('right');
    const callee =
      right?.type === 'call' ? dottedName(right.childForFieldName('function'))?.split('.').pop() : undefined;
    const type = assignment?.childForFieldName('type')?.text ?? '';
    const left = assignment?.childForFieldName('left')?.text;
    if (left && (NOT_COLUMNS.test(callee ?? '') || /^Mapped\[(?:list|List|set|Set)\[/.test(type)))
      names.push(left);
  }
  return names;
}

/** The class bodies a class is made of: its same-file bases' (outermost first), then its own. */
function lineage(classes: Map<string, PyClass>, info: PyClass, depth: number): PyNode[] {
  if (depth > 8) return [];
  const inherited = info.bases.flatMap((base) => {
    const parent = classes.get(base);
    return parent ? lineage(classes, parent, depth + 1) : [];
  });
  const own = info.node.childForFieldName('body');
  return own ? [...inherited, own] : inherited;
}

/** A column with the attribute the class gives it (`note = Column("memo", …)`). */
type MappedColumn = ColumnSpec & { attribute: string };

function classString(body: PyNode, name: string): string | undefined {
  for (const statement of body.namedChildren) {
    const assignment = assignmentIn(statement);
    if (assignment && assignment.childForFieldName('left')?.text === name)
      return stringValue(assignment.childForFieldName('right'));
  }
  return undefined;
}

/**
 * `x = Column(Integer, nullable=False)`, `x: Mapped[int] = mapped_column()`, and — in SQLModel tables —
 * every annotated field (`x: str = Field(...)`) except relationships.
 */
function columnsOf(body: PyNode, sqlmodel: boolean): MappedColumn[] {
  const columns: MappedColumn[] = [];
  for (const statement of body.namedChildren) {
    const assignment = assignmentIn(statement);
    if (!assignment) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'identifier' || left.text.startsWith('__') || left.text === 'model_config') continue;
    const type = assignment.childForFieldName('type')?.text.replace(/\s+/g, '');
    const right = assignment.childForFieldName('right');
    const call = right?.type === 'call' ? right : undefined;
    const callee = call ? dottedName(call.childForFieldName('function'))?.split('.').pop() : undefined;
    if (
      callee === 'relationship' ||
      callee === 'Relationship' ||
      /^(?:Mapped\[)?(?:list|List)\[/.test(type ?? '')
    )
      continue;
    const args = call ? callArguments(call) : undefined;
    if (callee === 'Column' || callee === 'mapped_column' || (!call && /^Mapped\[/.test(type ?? ''))) {
      const name = stringValue(args?.positional[0]) ?? left.text;
      const typeArg = args?.positional.find((arg) => arg.type !== 'string');
      columns.push({
        attribute: left.text,
        name,
        type: typeArg ? sqlalchemyType(typeArg) : annotationType(type ?? ''),
        // A classic Column is nullable unless it says otherwise; a Mapped[…] one follows its annotation.
        nullable: nullable(args, type ?? (callee === 'Column' ? 'Optional[]' : '')),
      });
    } else if (sqlmodel && type && !/^ClassVar/.test(type)) {
      const field = callee === 'Field' ? args : undefined;
      columns.push({
        attribute: left.text,
        name: left.text,
        type: annotationType(type),
        nullable: nullable(field, type),
      });
    }
  }
  return columns;
}

function nullable(args: ReturnType<typeof callArguments> | undefined, type: string | undefined): boolean {
  const explicit = args?.keywords.get('nullable')?.text;
  if (explicit) return explicit !== 'False';
  if (args?.keywords.get('primary_key')?.text === 'True') return false;
  return /Optional\[|\|None|None\|/.test(type ?? '');
}
