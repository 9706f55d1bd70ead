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
import { type PyNode, argumentList, callArguments, dottedName, stringValue } from './python/py-file.js';
import { annotationType, sqlalchemyType } from './python/sql-types.js';

interface ClassInfo {
  node: PyNode;
  bases: string[];
  table: boolean;
}

export const sqlalchemy: Extractor = {
  name: 'sqlalchemy',
  language: 'python',
  needs: 'python-parser',
  detect: (repo) => dependsOnPython(repo, 'sqlalchemy', 'sqlmodel', 'flask-sqlalchemy'),
  prefilter: (text) => /__tablename__|table\s*=\s*True|mapped_column\(|\bColumn\(/.test(text),
  extract() {},
  extractPython(file, facts) {
    const classes = new Map<string, ClassInfo>();
    for (const statement of file.statements()) {
      const cls =
        statement.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
      if (cls?.type !== 'class_definition') continue;
      const name = cls.childForFieldName('name')?.text;
      if (!name) continue;
      const { positional, keywords } = argumentList(cls.childForFieldName('superclasses'));
      const bases = positional.flatMap((base) => dottedName(base) ?? []);
      classes.set(name, { node: cls, bases, table: keywords.get('table')?.text === 'True' });
    }
    const ops: SchemaOp[] = [];
    const models: ModelFact[] = [];
    for (const [name, info] of classes) {
      const body = info.node.childForFieldName('body');
      const tablename = body ? classString(body, '__tablename__') : undefined;
      // SQLAlchemy: a __tablename__ makes a table; SQLModel: `table=True` does (named after the class).
      if (!tablename && !info.table) continue;
      const columns = [
        ...inheritedColumns(classes, info, info.table, 0),
        ...(body ? columnsOf(body, info.table) : []),
      ];
      const unique = [...new Map(columns.map((column) => [column.name, column])).values()];
      const table = tablename ?? name.toLowerCase();
      ops.push({
        kind: 'createTable',
        line: file.position(info.node).line,
        schema: 'public',
        name: table,
        columns: unique,
        ifNotExists: false,
      });
      models.push({
        name,
        schema: 'public',
        table,
        fields: {},
        relations: [],
        relational: true,
        ...file.position(info.node),
      });
    }
    if (ops.length > 0) facts.database = { source: 'sqlalchemy', ops, models };
  },
};

/** Columns of same-file bases (SQLModel's `ItemBase`, SQLAlchemy mixins), outermost first. */
function inheritedColumns(
  classes: Map<string, ClassInfo>,
  info: ClassInfo,
  sqlmodel: boolean,
  depth: number,
): ColumnSpec[] {
  if (depth > 8) return [];
  return info.bases.flatMap((base) => {
    const parent = classes.get(base);
    const body = parent?.node.childForFieldName('body');
    return parent && body
      ? [...inheritedColumns(classes, parent, sqlmodel, depth + 1), ...columnsOf(body, sqlmodel)]
      : [];
  });
}

function classString(body: PyNode, name: string): string | undefined {
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type === 'assignment' && assignment.childForFieldName('left')?.text === name)
      return stringValue(assignment.childForFieldName('right'));
  }
  return undefined;
}

/**
 * `x = Column(Integer, nullable=False)`, `x: Mapped[int] = mapped_column()`, and — in SQLModel tables —
 * every annotated field (`x: str = Field(...)`) except relationships.
 */
function columnsOf(body: PyNode, sqlmodel: boolean): ColumnSpec[] {
  const columns: ColumnSpec[] = [];
  for (const statement of body.namedChildren) {
    const assignment = statement?.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
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
        name,
        type: typeArg ? sqlalchemyType(typeArg) : annotationType(type ?? ''),
        // A classic Column is nullable unless it says otherwise; a Mapped[…] one follows its annotation.
        nullable: nullable(args, type ?? (callee === 'Column' ? 'Optional[]' : '')),
      });
    } else if (sqlmodel && type && !/^ClassVar/.test(type)) {
      const field = callee === 'Field' ? args : undefined;
      columns.push({
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
