// How ORMs derive table names from model names when the code does not say: TypeORM snake-cases class names,
// Sequelize and Mongoose pluralise model names.

/**
 * snake_case as TypeORM's naming strategy writes it: `UserProfile` → `user_profile`, `HTTPLog` → `http_log`.
 * A loop over the characters: a regular expression with nested quantifiers could backtrack without bound
 * on a hostile identifier.
 */
export function snakeCase(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const char = name[i] as string;
    const upper = char >= 'A' && char <= 'Z';
    const previous = name[i - 1];
    const next = name[i + 1];
    const afterLower = previous !== undefined && /[a-z\d]/.test(previous);
    const endsAcronym =
      previous !== undefined && /[A-Z]/.test(previous) && next !== undefined && /[a-z]/.test(next);
    if (upper && i > 0 && (afterLower || endsAcronym)) out += '_';
    out += char.toLowerCase();
  }
  return out;
}

/** `User` → `Users`, `Category` → `Categories`, `Box` → `Boxes`: the English rules Sequelize and Mongoose apply. */
export function plural(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(?:s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}
