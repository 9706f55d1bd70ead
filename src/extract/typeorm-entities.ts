/**
 * TypeORM entities — https://typeorm.io/entities
 * `@Entity('users') class User { @PrimaryGeneratedColumn() id; @Column({ name: 'full_name', nullable: true })
 * fullName; @ManyToOne(() => Team) team }`: table `users` with `id`, `full_name` and the join column `teamId`.
 * Names follow TypeORM's default naming strategy: a table is its class name in snake_case, a column its
 * property name, a many-to-one's join column `<property>Id`.
 */
import { type Node, objectProperty, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ModelFact } from './facts.js';
import { snakeCase } from './orm-naming.js';
import type { ParsedFile } from './parsed-file.js';
import type { ColumnSpec, CreateTableOp } from '../schema/schema-op.js';

const COLUMNS = new Set([
  'Column',
  'PrimaryColumn',
  'PrimaryGeneratedColumn',
  'CreateDateColumn',
  'UpdateDateColumn',
  'DeleteDateColumn',
  'VersionColumn',
  'ObjectIdColumn',
]);
const NOT_NULL = new Set([
  'PrimaryColumn',
  'PrimaryGeneratedColumn',
  'CreateDateColumn',
  'UpdateDateColumn',
  'VersionColumn',
]);
/** Relations that put a foreign key column on this table. */
const OWNING = new Set(['ManyToOne', 'OneToOne']);
const TS_TYPES: Record<string, string> = {
  string: 'varchar',
  number: 'integer',
  boolean: 'boolean',
  Date: 'timestamp',
};

export const typeormEntities: Extractor = {
  name: 'typeorm-entities',
  detect: (repo) => dependsOn(repo, 'typeorm'),
  prefilter: (text) => text.includes('@Entity('),
  extract(file, facts) {
    const ops: CreateTableOp[] = [];
    const models: ModelFact[] = [];
    for (const statement of file.program.body as Node[]) {
      const declaration =
        statement.type === 'ExportNamedDeclaration' || statement.type === 'ExportDefaultDeclaration'
          ? statement.declaration
          : statement;
      if (declaration?.type !== 'ClassDeclaration' || !declaration.id) continue;
      const entity = decorator(declaration, 'Entity');
      if (!entity) continue;
      const className = declaration.id.name as string;
      const [first] = entity.arguments as Node[];
      const options =
        unwrap(first)?.type === 'ObjectExpression' ? unwrap(first) : unwrap(entity.arguments[1]);
      const table =
        stringLiteral(first) ?? stringLiteral(objectProperty(options, 'name')) ?? snakeCase(className);
      const schema = stringLiteral(objectProperty(options, 'schema')) ?? 'public';
      const columns: ColumnSpec[] = [];
      const fields: Record<string, string> = {};
      const relations: string[] = [];
      for (const member of declaration.body.body as Node[]) {
        if (member.type !== 'PropertyDefinition' || member.key?.type !== 'Identifier') continue;
        const property = member.key.name as string;
        const column = readColumn(file, member, property);
        if (column === 'relation') relations.push(property);
        else if (column) {
          columns.push(column);
          if (column.name !== property) fields[property] = column.name;
        }
      }
      const line = file.position(declaration).line;
      ops.push({ kind: 'createTable', schema, name: table, columns, ifNotExists: false, line });
      models.push({
        name: className,
        schema,
        table,
        fields,
        relations,
        relational: true,
        ...file.position(declaration),
      });
    }
    if (ops.length > 0) facts.database = { source: 'typeorm', ops, models };
  },
};

function decorator(node: Node, name: string): Node | undefined {
  for (const item of (node.decorators ?? []) as Node[]) {
    const call = unwrap(item.expression);
    if (call?.type === 'CallExpression' && unwrap(call.callee)?.name === name) return call;
  }
  return undefined;
}

function readColumn(file: ParsedFile, member: Node, property: string): ColumnSpec | 'relation' | undefined {
  for (const item of (member.decorators ?? []) as Node[]) {
    const call = unwrap(item.expression);
    if (call?.type !== 'CallExpression') continue;
    const kind = unwrap(call.callee)?.name as string | undefined;
    if (!kind) continue;
    if (OWNING.has(kind)) {
      // The owning side keeps a foreign key: `@JoinColumn({ name })`, or TypeORM's `<property>Id`.
      const join = decorator(member, 'JoinColumn');
      const joinName = stringLiteral(objectProperty(unwrap(join?.arguments[0]), 'name'));
      const nullable = unwrap(objectProperty(unwrap(call.arguments.at(-1)), 'nullable'))?.value !== false;
      return { name: joinName ?? `${property}Id`, type: 'integer', nullable };
    }
    if (kind === 'OneToMany' || kind === 'ManyToMany') return 'relation';
    if (!COLUMNS.has(kind)) continue;
    const args = (call.arguments as Node[]).map((arg) => unwrap(arg));
    const options = args.find((arg) => arg?.type === 'ObjectExpression');
    const typeArg = stringLiteral(args[0]) ?? stringLiteral(objectProperty(options, 'type'));
    const annotation = member.typeAnnotation?.typeAnnotation;
    const tsType = annotation ? file.text.slice(annotation.start, annotation.end) : '';
    const nullable = NOT_NULL.has(kind) ? false : unwrap(objectProperty(options, 'nullable'))?.value === true;
    return {
      name: stringLiteral(objectProperty(options, 'name')) ?? property,
      type:
        typeArg ?? TS_TYPES[tsType] ?? (kind === 'PrimaryGeneratedColumn' ? 'integer' : tsType || 'unknown'),
      nullable,
    };
  }
  return undefined;
}
