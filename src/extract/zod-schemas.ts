/**
 * Named zod object schemas (`export const CreateTodo = z.object({…})`), recorded so a validator in another
 * file (`zValidator('json', CreateTodo)`) resolves to typed fields. See zod-schema.ts for the reading.
 */
import type { Extractor } from './extractor.js';
import { dependsOn } from './extractor.js';
import { zodObject } from './zod-schema.js';

export const zodSchemas: Extractor = {
  name: 'zod-schemas',
  detect: (repo) => dependsOn(repo, 'zod'),
  prefilter: (text) => text.includes('.object('),
  extract(file, facts) {
    for (const [name, init] of file.topLevel) {
      if (init.type !== 'CallExpression') continue;
      const schema = zodObject(file, init);
      if (schema) facts.schemas[name] = schema;
    }
  },
};
