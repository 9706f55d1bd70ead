// Pydantic models (and SQLModel classes without `table=True`) as named schemas: the fields a request body
// has, with the wire name (`Field(alias=…)`), the type as written, and whether it is required.
// https://docs.pydantic.dev/latest/concepts/models/
import type { Value } from '../../scan/value.js';
import type { SchemaFact } from '../facts.js';
import { pythonValue } from './values.js';
import {
  type PyFile,
  type PyNode,
  callArguments,
  dottedName,
  genericOf,
  stringValue,
  assignmentIn,
  classesOf,
} from './py-file.js';

const MODEL_BASES = /^(?:pydantic\.)?BaseModel$|^(?:sqlmodel\.)?SQLModel$|^BaseSettings$/;

/** `class X(BaseModel)` (or a subclass of another model, resolved by the linker) → schemas[X]. */
export function readModels(file: PyFile): Record<string, SchemaFact> {
  const schemas: Record<string, SchemaFact> = {};
  for (const { name, node: cls, bases, keywords } of classesOf(file).values()) {
    // SQLModel with table=True is a table (a schema source), not a request model.
    if (keywords.get('table')?.text === 'True') continue;
    const direct = bases.some((base) => MODEL_BASES.test(base));
    const parent = bases.find(
      (base) => !MODEL_BASES.test(base) && /^[A-Z]/.test(base.split('.').pop() ?? ''),
    );
    if (!direct && !parent) continue;
    const body = cls.childForFieldName('body');
    const rename = renameOf(body);
    const fields = body ? fieldsOf(body) : [];
    const schema: SchemaFact = {
      fields: rename ? fields.map((field) => renameField(field, rename)) : fields,
      closed: closedOf(body),
      ...(rename ? { rename } : {}),
    };
    if (parent && !direct)
      schema.extends = {
        schema: parent.includes('.')
          ? {
              k: 'member',
              of: { k: 'ref', name: parent.split('.')[0] as string },
              prop: parent.split('.').pop() as string,
            }
          : { k: 'ref', name: parent },
        partial: false,
      };
    schemas[name] = schema;
  }
  return schemas;
}

function fieldsOf(body: PyNode): SchemaFact['fields'] {
  const fields: SchemaFact['fields'] = [];
  for (const statement of body.namedChildren) {
    const assignment = assignmentIn(statement);
    if (!assignment) continue;
    const name = assignment.childForFieldName('left');
    const type = assignment.childForFieldName('type');
    if (name?.type !== 'identifier' || !type || name.text === 'model_config' || name.text.startsWith('_'))
      continue;
    const value = assignment.childForFieldName('right');
    const typeText = type.text.replace(/\s+/g, ' ');
    if (/^ClassVar\b/.test(typeText)) continue;
    const field =
      value?.type === 'call' && /(?:^|\.)Field$/.test(dottedName(value.childForFieldName('function')) ?? '')
        ? callArguments(value)
        : undefined;
    const alias = field
      ? stringValue(field.keywords.get('alias') ?? field.keywords.get('validation_alias'))
      : undefined;
    // Field(...) and Field() without a default are required; Field(None) or Field(default=…) are not.
    const fieldDefault = field
      ? (field.positional[0] ?? field.keywords.get('default') ?? field.keywords.get('default_factory'))
      : undefined;
    const hasDefault = field
      ? fieldDefault !== undefined && fieldDefault.type !== 'ellipsis'
      : value !== null;
    const optional = /^Optional\[|\|\s*None\b|\bNone\s*\||^Union\[.*\bNone\b/.test(typeText);
    fields.push({
      name: alias ?? name.text,
      type: typeText,
      required: !hasDefault && !optional,
      ...enumOf(type),
      ...(alias ? { aliased: true } : {}),
    });
  }
  return fields;
}

/**
 * `model_config = ConfigDict(alias_generator=to_camel)` (or a `class Config:` saying so): fields travel as
 * `jobId`, not `job_id`. Subclasses inherit it (the linker applies a base's to fields it did not rename).
 */
function renameOf(body: PyNode | null): SchemaFact['rename'] {
  const text = body?.text ?? '';
  const match = /alias_generator\s*[=:]\s*(?:[\w.]*\.)?(to_camel|to_pascal|camelize|to_lower_camel)\b/.exec(
    text,
  );
  if (!match) return undefined;
  return match[1] === 'to_pascal' ? 'pascal' : 'camel';
}

/** A field's wire name under an alias generator, unless it has its own alias. */
export function renameField<F extends { name: string; aliased?: boolean }>(
  field: F,
  rename: NonNullable<SchemaFact['rename']>,
): F {
  if (field.aliased) return field;
  const camel = field.name.replace(/_+([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
  return { ...field, name: rename === 'pascal' ? camel.charAt(0).toUpperCase() + camel.slice(1) : camel };
}

/** Pydantic ignores unknown fields unless `extra='allow'`: a field the model does not declare is lost. */
function closedOf(body: PyNode | null): boolean {
  for (const statement of body?.namedChildren ?? []) {
    const assignment = assignmentIn(statement);
    if (!assignment) continue;
    const left = assignment.childForFieldName('left')?.text;
    const right = assignment.childForFieldName('right');
    if (left === 'model_config' && right?.type === 'call') {
      const extra = stringValue(callArguments(right).keywords.get('extra'));
      if (extra === 'allow') return false;
    }
  }
  return true;
}

/**
 * The values a field allows: `Literal["draft", "sent"]`, or a named class (`status: Status`) the linker
 * opens when it is a string `Enum`. `Optional[…]` and `… | None` around either are looked through.
 */
function enumOf(type: PyNode): { enum?: string[]; enumRef?: Value } {
  let node: PyNode | null = (type.type === 'type' ? type.namedChildren[0] : type) ?? null;
  for (let depth = 0; node && depth < 4; depth++) {
    const generic = genericOf(node);
    if (node.type === 'binary_operator') {
      // `Status | None`
      const sides = [node.childForFieldName('left'), node.childForFieldName('right')];
      node = sides.find((side) => side && side.text !== 'None') ?? null;
    } else if (generic) {
      const head = generic.head.split('.').pop();
      if (head === 'Literal') {
        const values = generic.args.map((arg) => stringValue(arg));
        return values.length > 0 && values.every((v) => v !== undefined) ? { enum: values as string[] } : {};
      }
      if (head !== 'Optional') return {};
      node = generic.args[0] ?? null;
    } else if (node.type === 'identifier' || node.type === 'attribute') {
      const name = dottedName(node) ?? '';
      return /^[A-Z]/.test(name.split('.').pop() ?? '') ? { enumRef: pythonValue(node) } : {};
    } else return {};
  }
  return {};
}
