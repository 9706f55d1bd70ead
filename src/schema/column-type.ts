// One readable spelling per type, whichever way a migration wrote it (PostgreSQL's internal names from
// libpg-query, MySQL/SQLite words from the tolerant reader, Prisma's native types), so that columns from
// different sources compare equal.

// A Map, not an object literal: a user type named `constructor` must not hit Object.prototype.
const ALIASES = new Map<string, string>(
  Object.entries({
    int: 'integer',
    int4: 'integer',
    int8: 'bigint',
    int2: 'smallint',
    bool: 'boolean',
    float8: 'double precision',
    float4: 'real',
    bpchar: 'char',
    character: 'char',
    'character varying': 'varchar',
    decimal: 'numeric',
    timestamptz: 'timestamp with time zone',
    timetz: 'time with time zone',
    varbit: 'bit varying',
    serial4: 'serial',
    serial8: 'bigserial',
    serial2: 'smallserial',
  }),
);

const SERIALS = new Set(['serial', 'bigserial', 'smallserial']);

/**
 * `base` is the type name (already without `pg_catalog.`), `modifiers` the values in parentheses,
 * `arrayDims` the number of `[]`. `timestamptz` with modifier 3 becomes `timestamp(3) with time zone`.
 */
export function formatColumnType(base: string, modifiers: readonly string[] = [], arrayDims = 0): string {
  const name = ALIASES.get(base) ?? base;
  let type = name;
  if (modifiers.length > 0) {
    const args = `(${modifiers.join(',')})`;
    const zone = name.indexOf(' with');
    type = zone > 0 ? `${name.slice(0, zone)}${args}${name.slice(zone)}` : `${name}${args}`;
  }
  return type + '[]'.repeat(arrayDims);
}

/** serial columns are NOT NULL implicitly: PostgreSQL adds the constraint along with the sequence. */
export function isSerialType(type: string): boolean {
  return SERIALS.has(type);
}
