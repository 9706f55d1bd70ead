import { describe, expect, it } from 'vitest';
import { readPrismaSchema } from '../src/schema/prisma-schema.js';
import type { SchemaOp } from '../src/schema/schema-op.js';

const POSTGRES = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`;

const tables = (ops: SchemaOp[]) =>
  ops.flatMap((op) => (op.kind === 'createTable' ? [[`${op.schema}.${op.name}`, op.columns] as const] : []));

describe('readPrismaSchema', () => {
  it('maps models, fields, enums and native types to what Prisma Migrate creates', () => {
    const { ops, diagnostics } = readPrismaSchema(`${POSTGRES}
model User {
  id        String   @id @default(uuid()) @db.Uuid
  email     String   @unique @map("email_address") @db.VarChar(255)
  role      Role     @default(USER)
  nickname  String?
  tags      String[]
  score     Float    @default(0)
  bio       String   @default("it's me")
  createdAt DateTime @default(now()) @map("created_at") @db.Timestamptz(6)
  lucky     Int?     @default(dbgenerated("floor(random() * 10)"))
  shape     Unsupported("circle")?
  posts     Post[]

  @@map("users")
  @@schema("auth")
}

model Post {
  id       Int    @id @default(autoincrement())
  author   User   @relation(fields: [authorId], references: [id])
  authorId String @db.Uuid
}

enum Role {
  USER
  ADMIN @map("admin")

  @@map("user_role")
}
`);
    expect(diagnostics).toEqual([]);
    expect(ops[0]).toEqual({
      kind: 'createEnum',
      line: 29,
      schema: 'public',
      name: 'user_role',
      values: ['USER', 'admin'],
    });
    expect(tables(ops)).toEqual([
      [
        'auth.users',
        [
          { name: 'id', type: 'uuid', nullable: false, default: 'uuid()' },
          { name: 'email_address', type: 'varchar(255)', nullable: false },
          { name: 'role', type: 'user_role', nullable: false, default: "'USER'" },
          { name: 'nickname', type: 'text', nullable: true },
          { name: 'tags', type: 'text[]', nullable: true },
          { name: 'score', type: 'double precision', nullable: false, default: '0' },
          { name: 'bio', type: 'text', nullable: false, default: "'it''s me'" },
          { name: 'created_at', type: 'timestamp(6) with time zone', nullable: false, default: 'now()' },
          { name: 'lucky', type: 'integer', nullable: true, default: 'floor(random() * 10)' },
          { name: 'shape', type: 'circle', nullable: true },
        ],
      ],
      [
        'public.Post',
        [
          { name: 'id', type: 'serial', nullable: false },
          { name: 'authorId', type: 'uuid', nullable: false },
        ],
      ],
    ]);
    expect(ops.find((op) => op.kind === 'createTable' && op.name === 'Post')?.line).toBe(23);
  });

  it('makes composite ids NOT NULL and turns views into views', () => {
    const { ops } = readPrismaSchema(`${POSTGRES}
model Membership {
  orgId  Int
  userId Int
  note   String?

  @@id([orgId, userId])
}

view ActiveUser {
  id    Int    @unique
  email String
}
`);
    expect(ops).toEqual([
      {
        kind: 'createTable',
        line: 6,
        schema: 'public',
        name: 'Membership',
        ifNotExists: false,
        columns: [
          { name: 'orgId', type: 'integer', nullable: false },
          { name: 'userId', type: 'integer', nullable: false },
          { name: 'note', type: 'text', nullable: true },
        ],
      },
      {
        kind: 'createView',
        line: 14,
        schema: 'public',
        name: 'ActiveUser',
        columns: ['id', 'email'],
        replace: false,
      },
    ]);
  });

  it('adds the join tables of implicit many-to-many relations, and only of those', () => {
    const { ops } = readPrismaSchema(`${POSTGRES}
model Post {
  id         Int        @id @default(autoincrement())
  categories Category[]
  tags       Tag[]      @relation("PostTags")
  author     User       @relation(fields: [authorId], references: [id])
  authorId   String
}

model Category {
  id    String @id
  posts Post[]
}

model Tag {
  id    Int    @id
  posts Post[] @relation("PostTags")
}

model User {
  id        String @id
  posts     Post[]
  followers User[] @relation("Follows")
  following User[] @relation("Follows")
  memberOf  Membership[]
}

model Team {
  id      Int          @id
  members Membership[]
}

model Membership {
  user   User   @relation(fields: [userId], references: [id])
  userId String
  team   Team   @relation(fields: [teamId], references: [id])
  teamId Int

  @@id([userId, teamId])
}
`);
    const joins = tables(ops).filter(([name]) => name.startsWith('public._'));
    expect(joins).toEqual([
      [
        'public._CategoryToPost',
        [
          { name: 'A', type: 'text', nullable: false },
          { name: 'B', type: 'integer', nullable: false },
        ],
      ],
      [
        'public._PostTags',
        [
          { name: 'A', type: 'integer', nullable: false },
          { name: 'B', type: 'integer', nullable: false },
        ],
      ],
      [
        'public._Follows',
        [
          { name: 'A', type: 'text', nullable: false },
          { name: 'B', type: 'text', nullable: false },
        ],
      ],
    ]);
  });

  it('keeps Prisma type names for databases other than PostgreSQL', () => {
    const { ops } = readPrismaSchema(`datasource db {
  provider = "mysql"
  url      = env("DATABASE_URL")
}

model Item {
  id    Int    @id @default(autoincrement())
  name  String @db.VarChar(191)
  price Decimal
}
`);
    expect(tables(ops)).toEqual([
      [
        'public.Item',
        [
          { name: 'id', type: 'Int', nullable: false },
          { name: 'name', type: 'varchar(191)', nullable: false },
          { name: 'price', type: 'Decimal', nullable: false },
        ],
      ],
    ]);
  });

  it('reports a malformed schema as a diagnostic with its line, never an exception', () => {
    expect(readPrismaSchema('model User {\n  id Int @id\n  name String @default(\n}\n')).toEqual({
      ops: [],
      models: [],
      diagnostics: ["line 3: could not parse Prisma schema (Expecting --> ')' <-- but found --> ' ' <--)"],
    });
    expect(readPrismaSchema('model User {\n  id Int @id\n\nmodel {')).toEqual({
      ops: [],
      models: [],
      diagnostics: ["could not parse Prisma schema (Expecting --> '}' <-- but found --> '' <--)"],
    });
    expect(readPrismaSchema('')).toEqual({ ops: [], models: [], diagnostics: [] });
  });
});
