import { alembic } from './alembic.js';
import { django } from './django.js';
import { fastapi } from './fastapi.js';
import { sqlalchemy } from './sqlalchemy.js';
import { pythonQueries } from './python-queries.js';
import { flask } from './flask.js';
import { FAMILIES } from '../rules/families.js';
import { secretsInCode } from './secrets-in-code.js';
import { aiSdk } from './ai-sdk.js';
import { angular } from './angular.js';
import { axios } from './axios.js';
import { devProxy } from './dev-proxy.js';
import { express } from './express.js';
import { expressControllers } from './express-controllers.js';
import type { Extractor } from './extractor.js';
import { clientWrappers } from './client-wrappers.js';
import { fastify } from './fastify.js';
import { fetchCalls } from './fetch.js';
import { generatedClients } from './generated-clients.js';
import { hono } from './hono.js';
import { htmlForms } from './html-forms.js';
import { honoClient } from './hono-client.js';
import { ky } from './ky.js';
import { nestjs } from './nestjs.js';
import { nextjs } from './nextjs.js';
import { nextMiddleware } from './next-middleware.js';
import { nitro } from './nitro.js';
import { ofetch } from './ofetch.js';
import { openapi } from './openapi.js';
import { openapiFetch } from './openapi-fetch.js';
import { reactQuery } from './react-query.js';
import { remix } from './remix.js';
import { superagent } from './superagent.js';
import { supabase } from './supabase.js';
import { supabaseTypes } from './supabase-types.js';
import { sqlQueries } from './sql-queries.js';
import { knexQueries } from './knex-queries.js';
import { drizzleSchema } from './drizzle-schema.js';
import { drizzleQueries } from './drizzle-queries.js';
import { prismaClient } from './prisma-client.js';
import { sequelizeModels } from './sequelize-models.js';
import { typeormEntities } from './typeorm-entities.js';
import { mongooseModels } from './mongoose-models.js';
import { prismaSchema } from './prisma-schema.js';
import { sqlMigrations } from './sql-migrations.js';
import { sveltekit } from './sveltekit.js';
import { trpc } from './trpc.js';
import { tsRest } from './ts-rest.js';
import { tsRestClient } from './ts-rest-client.js';
import { trpcClient } from './trpc-client.js';
import { zodSchemas } from './zod-schemas.js';

/** Every extractor Baton ships. Worker threads rebuild the active set from these names. */
export const EXTRACTORS: readonly Extractor[] = [
  secretsInCode,
  fastapi,
  flask,
  django,
  alembic,
  sqlalchemy,
  pythonQueries,
  express,
  expressControllers,
  fastify,
  hono,
  nestjs,
  nextjs,
  nextMiddleware,
  nitro,
  sveltekit,
  remix,
  openapi,
  trpc,
  tsRest,
  fetchCalls,
  axios,
  ofetch,
  ky,
  openapiFetch,
  angular,
  trpcClient,
  tsRestClient,
  honoClient,
  superagent,
  reactQuery,
  aiSdk,
  htmlForms,
  generatedClients,
  clientWrappers,
  devProxy,
  zodSchemas,
  supabase,
  supabaseTypes,
  sqlQueries,
  knexQueries,
  drizzleSchema,
  drizzleQueries,
  prismaClient,
  typeormEntities,
  sequelizeModels,
  mongooseModels,
  prismaSchema,
  sqlMigrations,
  // AST rules: each family's per-file checks (src/rules/<family>/).
  ...FAMILIES.flatMap((family) => family.extractors ?? []),
];

export function extractorsNamed(names: readonly string[]): Extractor[] {
  return EXTRACTORS.filter((extractor) => names.includes(extractor.name));
}
