/**
 * Sequelize models — https://sequelize.org/docs/v6/core-concepts/model-basics/
 * `sequelize.define('User', { firstName: DataTypes.STRING }, { tableName })` or `User.init({…}, { sequelize })`:
 * the table is `tableName`, else the model name pluralised (`Users`) unless `freezeTableName`; Sequelize adds
 * `id` when no attribute is a primary key, and `createdAt`/`updatedAt` unless `timestamps: false`
 * (`created_at` with `underscored: true`).
 */
import { type Node, objectProperty, propertyName, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ModelFact } from './facts.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import { plural, snakeCase } from './orm-naming.js';
import type { ColumnSpec, CreateTableOp } from '../schema/schema-op.js';

export const sequelizeModels: Extractor = {
  name: 'sequelize-models',
  detect: (repo) => dependsOn(repo, 'sequelize', 'sequelize-typescript'),
  prefilter: (text) => /\.(?:define|init)\s*\(/.test(text) && text.includes('DataTypes'),
  extract(file, facts) {
    const ops: CreateTableOp[] = [];
    const models: ModelFact[] = [];
    for (const call of file.calls) {
      const callee = unwrap(call.callee);
      if (callee?.type !== 'MemberExpression' || callee.computed) continue;
      const method = callee.property.name as string;
      const args = call.arguments as Node[];
      let name: string | undefined;
      let attributes: Node | undefined;
      let options: Node | undefined;
      if (method === 'define')
        [name, attributes, options] = [
          stringLiteral(args[0]),
          objectLiteral(file, args[1]),
          objectLiteral(file, args[2]),
        ];
      else if (method === 'init' && unwrap(callee.object)?.type === 'Identifier') {
        name = unwrap(callee.object)?.name as string;
        [attributes, options] = [objectLiteral(file, args[0]), objectLiteral(file, args[1])];
      }
      // Sequelize's `init` needs the connection in its options; i18next's and others' do not.
      if (method === 'init' && !objectProperty(options, 'sequelize')) continue;
      if (!name || !attributes || !declaresTypes(file, attributes)) continue;
      const flag = (key: string) => unwrap(objectProperty(options, key))?.value;
      const underscored = flag('underscored') === true;
      const table =
        stringLiteral(objectProperty(options, 'tableName')) ??
        (flag('freezeTableName') === true ? name : plural(name));
      const columns = readAttributes(file, attributes, underscored);
      if (!columns.some((c) => c.primary))
        columns.unshift({ name: 'id', type: 'integer', nullable: false, primary: true });
      if (flag('timestamps') !== false)
        for (const stamp of ['createdAt', 'updatedAt'])
          columns.push({
            name: underscored ? snakeCase(stamp) : stamp,
            type: 'timestamp with time zone',
            nullable: false,
            primary: false,
          });
      const fields = Object.fromEntries(
        columns.filter((c) => c.field && c.field !== c.name).map((c) => [c.field, c.name]),
      );
      const line = file.position(call).line;
      ops.push({
        kind: 'createTable',
        schema: 'public',
        name: table,
        columns: columns.map(({ primary: _p, field: _f, ...c }) => c),
        ifNotExists: false,
        line,
      });
      models.push({
        name,
        schema: 'public',
        table,
        fields,
        relations: [],
        relational: true,
        ...file.position(call),
      });
    }
    if (ops.length > 0) facts.database = { source: 'sequelize', ops, models };
  },
};

type Attribute = ColumnSpec & { primary: boolean; field?: string };

/** `{ email: { type: DataTypes.STRING, allowNull: false, field: 'email_address' }, age: DataTypes.INTEGER }` */
function readAttributes(file: ParsedFile, attributes: Node, underscored: boolean): Attribute[] {
  const out: Attribute[] = [];
  for (const property of attributes.properties as Node[]) {
    const key = property.type === 'Property' ? propertyName(property) : undefined;
    if (!key) continue;
    const value = unwrap(property.value as Node);
    const spec = value?.type === 'ObjectExpression' ? value : undefined;
    const typeNode = spec ? objectProperty(spec, 'type') : value;
    const type = typeNode
      ? file.text
          .slice(typeNode.start, typeNode.end)
          .replace(/^(?:DataTypes|Sequelize)\./, '')
          .toLowerCase()
      : 'unknown';
    const primary = unwrap(objectProperty(spec, 'primaryKey'))?.value === true;
    const name = stringLiteral(objectProperty(spec, 'field')) ?? (underscored ? snakeCase(key) : key);
    out.push({
      name,
      type,
      nullable: !primary && unwrap(objectProperty(spec, 'allowNull'))?.value !== false,
      primary,
      field: key,
    });
  }
  return out;
}

/** Attributes typed with Sequelize's data types: `DataTypes.STRING`, `{ type: Sequelize.INTEGER }`. */
function declaresTypes(file: ParsedFile, attributes: Node): boolean {
  return /\b(?:DataTypes|Sequelize)\.[A-Z]/.test(file.text.slice(attributes.start, attributes.end));
}
