// SQLAlchemy column types and Python annotations as readable SQL, for Alembic revisions and ORM models.
import { formatColumnType } from '../../schema/column-type.js';
import { type PyNode, callArguments, dottedName } from './py-file.js';

const SQLALCHEMY_TYPES: Record<string, string> = {
  String: 'varchar',
  Unicode: 'varchar',
  AutoString: 'varchar',
  Text: 'text',
  UnicodeText: 'text',
  Integer: 'integer',
  BigInteger: 'bigint',
  SmallInteger: 'smallint',
  Boolean: 'boolean',
  DateTime: 'timestamp',
  Date: 'date',
  Time: 'time',
  Float: 'double precision',
  Numeric: 'numeric',
  JSON: 'json',
  JSONB: 'jsonb',
  UUID: 'uuid',
  Uuid: 'uuid',
  LargeBinary: 'bytea',
  Enum: 'enum',
};

/** `sa.String(255)` → `varchar(255)`, `sa.Integer()` → `integer`, an unknown type → its name in lower case. */
export function sqlalchemyType(node: PyNode): string {
  const callee = node.type === 'call' ? node.childForFieldName('function') : node;
  const name = dottedName(callee)?.split('.').pop() ?? node.text;
  const base = SQLALCHEMY_TYPES[name] ?? name.toLowerCase();
  const size = node.type === 'call' ? callArguments(node).positional[0] : undefined;
  return formatColumnType(base, size?.type === 'integer' ? [size.text] : []);
}

const PYTHON_TYPES: Record<string, string> = {
  str: 'varchar',
  int: 'integer',
  float: 'double precision',
  bool: 'boolean',
  bytes: 'bytea',
  datetime: 'timestamp',
  date: 'date',
  time: 'time',
  Decimal: 'numeric',
  UUID: 'uuid',
  dict: 'json',
};

/** A Python annotation (`str | None`, `Optional[uuid.UUID]`, `Mapped[int]`) as the column type it maps to. */
export function annotationType(type: string): string {
  const bare = type
    .replace(/^Mapped\[(.*)\]$/, '$1')
    .replace(/^Optional\[(.*)\]$/, '$1')
    .replace(/\|None$|^None\|/, '');
  const name = bare.split('.').pop() ?? bare;
  return PYTHON_TYPES[name] ?? name.toLowerCase();
}
