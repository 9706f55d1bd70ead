/**
 * Prisma schema files — https://www.prisma.io/docs/orm/prisma-schema
 * `model User { id Int @id; email String @unique; posts Post[]; @@map("users") }`: the tables Prisma Migrate
 * creates (implicit many-to-many join tables included), and each model's table and field → column names for
 * the queries written against it (`prisma.user.findMany`).
 */
import type { Extractor } from './extractor.js';
import { readPrismaSchema } from '../schema/prisma-schema.js';

export const prismaSchema: Extractor = {
  name: 'prisma-schema',
  detect: () => true,
  documents: /\.prisma$/i,
  prefilter: (text, path) => /\.prisma$/i.test(path) && (text.includes('model ') || text.includes('enum ')),
  extract() {},
  extractDocument(_path, text, facts) {
    const { ops, models, diagnostics } = readPrismaSchema(text);
    facts.diagnostics.push(...diagnostics);
    if (ops.length === 0) return;
    facts.database = {
      source: 'prisma',
      ops,
      models: models.map(({ line, ...model }) => ({ ...model, relational: true, line, column: 1 })),
    };
  },
};
