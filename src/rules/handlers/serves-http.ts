import { type RepoInfo, dependsOn } from '../../extract/extractor.js';

/** Server frameworks whose handlers the authz passes read; a frontend-only repo has no handler to judge. */
const SERVER_FRAMEWORKS = [
  'express',
  'fastify',
  'koa',
  '@koa/router',
  'koa-router',
  'hono',
  '@nestjs/core',
  '@nestjs/common',
  'next',
  '@sveltejs/kit',
  'nuxt',
  'h3',
  '@remix-run/node',
  '@remix-run/server-runtime',
  '@react-router/node',
  '@trpc/server',
  '@hapi/hapi',
  'restify',
  'elysia',
];

export function servesHttp(repo: RepoInfo): boolean {
  return dependsOn(repo, ...SERVER_FRAMEWORKS);
}
