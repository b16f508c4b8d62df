// The HTTP API: buildApi(deps) makes a Fastify instance with zod request/response schemas on every route
// (fastify-type-provider-zod) and the OpenAPI 3.1 document generated from them at GET /api/openapi.json.
// Authentication is a plugin the caller supplies (api/auth in production, a test plugin in tests); it sets
// `request.principal`, and every route that reveals or writes items asks for one (api/request-principal.ts).
// Errors are RFC 9457 problem details that never echo the input; write routes take application/json only.
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { routeContext, type ApiDeps } from './context.js';
import { ApiProblem, sendProblem } from './problem.js';
import { registerAccessLogRoutes } from './routes/access-log.js';
import { registerDataProtectionRoutes } from './routes/data-protection.js';
import { registerFailedRoutes } from './routes/failed.js';
import { registerItemRoutes } from './routes/items.js';
import { registerRestMailboxRoutes } from './routes/rest-mailbox.js';
import { registerRuleSetRoutes } from './routes/rule-sets.js';
import { registerStatisticsRoutes } from './routes/statistics.js';
import './request-principal.js';

export type { ApiActions, ApiDeps } from './context.js';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    // Request lines would carry query strings (a search text may hold a name); our own lines say what matters.
    logController: new LogController({ disableRequestLogging: true }),
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('principal', null);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Fordeler API', version: '1', description: 'Forsendelser, restpostkassen, fejlede forsendelser og adgangsloggen. Se docs/api.md.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'fordeler_session' },
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
    transformObject: (document) => ('openapiObject' in document ? describeMediaTypes(document.openapiObject as OpenApiDocument) as typeof document.openapiObject : document.swaggerObject),
  });
  await app.register(deps.auth);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ApiProblem) return sendProblem(reply, error.kind);
    if (hasZodFastifySchemaValidationErrors(error)) return sendProblem(reply, 'bad_request');
    const code = (error as { code?: string }).code;
    const status = (error as { statusCode?: number }).statusCode;
    if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || status === 415) return sendProblem(reply, 'unsupported_media_type');
    if (status && status >= 400 && status < 500) {
      const body = { type: 'about:blank', title: 'Forespørgslen kan ikke behandles', status, detail: 'The request cannot be processed.' };
      return reply.code(status).type('application/problem+json').serializer(JSON.stringify).send(body);
    }
    request.log.error({ code: 'api.internal_error', requestId: request.id, err: error }, 'API request failed');
    return sendProblem(reply, 'internal');
  });
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'not_found'));

  // No principal, no answer about items: 401 before validation, so an anonymous caller learns nothing from a 400.
  app.addHook('onRequest', async (request, reply) => {
    if (request.url.startsWith('/api/v1/') && !request.principal) return sendProblem(reply, 'unauthenticated');
  });
  // Write routes read JSON only: a form post or text/plain (a cross-site request's simple body) is refused before the body is read.
  app.addHook('onRequest', async (request, reply) => {
    if (!WRITE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return;
    const type = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') return sendProblem(reply, 'unsupported_media_type');
  });

  // The request id goes back to the caller: it is the access-log line's `requestId` and the problem's `instance`.
  app.addHook('onSend', async (request, reply) => void reply.header('x-request-id', request.id));

  app.get('/api/openapi.json', { schema: { hide: true } as never }, async () => app.swagger());

  const ctx = routeContext(deps);
  registerItemRoutes(app, ctx);
  registerRestMailboxRoutes(app, ctx);
  registerFailedRoutes(app, ctx);
  registerAccessLogRoutes(app, ctx);
  registerRuleSetRoutes(app, ctx);
  registerStatisticsRoutes(app, ctx);
  registerDataProtectionRoutes(app, ctx);
  if (deps.pages) await deps.pages(app, ctx);
  return app;
}

type OpenApiDocument = { paths?: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, unknown> }> }>> };

/**
 * The zod transform documents every response as application/json; three kinds are not: problems are
 * application/problem+json, the original file is whatever the file is (documented as bytes), and an
 * export is text/csv.
 */
function describeMediaTypes<T extends OpenApiDocument>(document: T): T {
  for (const [path, operations] of Object.entries(document.paths ?? {})) {
    for (const operation of Object.values(operations)) {
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const json = response.content?.['application/json'];
        if (!json) continue;
        if (Number(status) >= 400) response.content = { 'application/problem+json': json };
        else if (path.endsWith('/original')) response.content = { 'application/octet-stream': { schema: { type: 'string', contentMediaType: 'application/octet-stream' } } };
        else if (path.endsWith('/export')) response.content = { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } };
      }
    }
  }
  return document;
}
