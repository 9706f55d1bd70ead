/**
 * Mongoose models — https://mongoosejs.com/docs/models.html
 * `mongoose.model('User', new Schema({ email: String, tags: [String] }))`: a MongoDB collection (`users`, or the
 * third argument) with the schema's top-level paths. A document store: listed with `kind: "collection"` and
 * never checked like a relational table (documents may carry any field).
 */
import { type Node, calledName, objectKeys, stringLiteral, unwrap } from './ast.js';
import { type Extractor, dependsOn } from './extractor.js';
import type { ModelFact } from './facts.js';
import { plural } from './orm-naming.js';
import type { ParsedFile } from './parsed-file.js';
import { objectLiteral } from './request-options.js';
import type { CreateTableOp } from '../schema/schema-op.js';

export const mongooseModels: Extractor = {
  name: 'mongoose-models',
  detect: (repo) => dependsOn(repo, 'mongoose'),
  prefilter: (text) => /\bmodel\s*(?:<[^>]{0,200}>)?\s*\(\s*['"`]/.test(text) && text.includes('Schema'),
  extract(file, facts) {
    const ops: CreateTableOp[] = [];
    const models: ModelFact[] = [];
    for (const call of file.calls) {
      const name = calledName(call.callee);
      if (name !== 'model') continue;
      const [nameNode, schemaNode, collectionNode] = call.arguments as Node[];
      const model = stringLiteral(nameNode);
      const fields = schemaFields(file, schemaNode);
      if (!model || !fields) continue;
      // Mongoose names a collection after the model, lower-cased and pluralised, unless told otherwise.
      const collection = stringLiteral(collectionNode) ?? plural(model.toLowerCase());
      const line = file.position(call).line;
      ops.push({
        kind: 'createTable',
        schema: 'mongodb',
        name: collection,
        columns: ['_id', ...fields].map((field) => ({
          name: field,
          type: 'mixed',
          nullable: field !== '_id',
        })),
        ifNotExists: true,
        line,
      });
      models.push({
        name: model,
        schema: 'mongodb',
        table: collection,
        fields: {},
        relations: [],
        relational: false,
        ...file.position(call),
      });
    }
    if (ops.length > 0) facts.database = { source: 'mongoose', ops, models };
  },
};

/** The top-level paths of `new Schema({…})`, given inline or through a local. */
function schemaFields(file: ParsedFile, node: Node | undefined): string[] | undefined {
  let value = unwrap(node);
  if (value?.type === 'Identifier')
    value = unwrap(file.localInit(value.name, value) ?? file.topLevel.get(value.name));
  if (value?.type !== 'NewExpression' || !/Schema$/.test(calledName(value.callee) ?? '')) return undefined;
  const definition = objectLiteral(file, value.arguments[0]);
  return definition ? objectKeys(definition) : undefined;
}
