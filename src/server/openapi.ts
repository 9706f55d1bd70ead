import { z } from 'zod';
import { VERSION } from '../version.js';
import { ROUTES } from './routes.js';

/**
 * The REST API described as OpenAPI 3.1, generated from the same tool schemas the routes validate with, so
 * the document cannot drift from what the server accepts.
 */
export function restDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const path = `/api/v1${route.path.replace(':ticket', '{ticket}')}`;
    const schema = z.toJSONSchema(route.tool.input, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    const { ticket: _ticket, ...properties } = schema.properties ?? {};
    const required = (schema.required ?? []).filter((name) => name !== 'ticket');
    const parameters: unknown[] = route.path.includes(':ticket')
      ? [
          {
            name: 'ticket',
            in: 'path',
            required: true,
            schema: { type: 'string', pattern: '^(?:HO-)?\\d+$' },
          },
        ]
      : [];
    const operation: Record<string, unknown> = {
      operationId: route.tool.name,
      summary: route.tool.description.split('. ')[0],
      description: route.tool.description,
      security: [{ bearer: [] }],
      responses: {
        '200': { description: 'the tool result', content: { 'application/json': { schema: {} } } },
        '400': { $ref: '#/components/responses/Error' },
        '401': { $ref: '#/components/responses/Error' },
        '403': { $ref: '#/components/responses/Error' },
        '404': { $ref: '#/components/responses/Error' },
        '409': { $ref: '#/components/responses/Error' },
        '429': { $ref: '#/components/responses/Error' },
      },
    };
    if (route.method === 'GET')
      for (const [name, property] of Object.entries(properties))
        parameters.push({ name, in: 'query', required: required.includes(name), schema: property });
    else
      operation.requestBody = {
        required: required.length > 0,
        content: {
          'application/json': {
            schema: { type: 'object', properties, ...(required.length ? { required } : {}) },
          },
        },
      };
    if (parameters.length > 0) operation.parameters = parameters;
    paths[path] = { ...(paths[path] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Baton REST API',
      version: VERSION,
      description: 'The tools of Baton over HTTP: one route per tool.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'a token from `baton token create`' },
      },
      responses: {
        Error: {
          description: 'an error with a stable code',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['error'],
                properties: {
                  error: {
                    type: 'object',
                    required: ['code', 'message'],
                    properties: { code: { type: 'string' }, message: { type: 'string' } },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
