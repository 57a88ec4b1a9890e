import { INestApplication, Type, ValidationPipe } from '@nestjs/common';
import { ModulesContainer, NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { HttpExceptionFilter } from './common/errors/http-exception.filter.js';
import { validationExceptionFactory } from './common/errors/validation.js';
import { bodyParsers } from './common/http/body-parsers.js';
import { InputGuardPipe } from './common/input/input-guard.pipe.js';
import { AppConfig } from './config/app-config.js';
import { DatabaseTarget } from './database/embedded-postgres.js';
import { WEB_CONTROLLERS } from './web/web-controllers.js';
import { assertNoPathCollisions, webRoutes } from './web/web-routes.js';
import { configureWeb } from './web/web-setup.js';

/**
 * API answers and pages are per user and change with every write: no cache may keep one, and
 * after signing out the browser's Back button must ask again (and be sent to sign in) rather than
 * show the last person's pages from its cache. Only the static assets are cached (web-setup.ts).
 */
function noStore(req: Request, res: Response, next: NextFunction): void {
  if (!req.path.startsWith('/assets/')) res.setHeader('Cache-Control', 'no-store');
  next();
}

/** Every controller of the application that is not a page controller: the API's. */
function apiControllers(app: NestExpressApplication): Type[] {
  const pages = new Set<unknown>(WEB_CONTROLLERS);
  return [...app.get(ModulesContainer).values()]
    .flatMap((module) => [...module.controllers.values()])
    .map((wrapper) => wrapper.metatype as Type)
    .filter((controller) => controller && !pages.has(controller));
}

/**
 * Everything that makes the HTTP surface what it is: prefix, proxies, security headers, body
 * limits, validation, the error filter and OpenAPI. main.ts and the e2e tests both go through here.
 */
export function configureApp(app: NestExpressApplication): INestApplication {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // The API lives under /api; the web pages (src/web) sit at /.
  assertNoPathCollisions(apiControllers(app));
  app.setGlobalPrefix('api', { exclude: webRoutes() });
  // Which X-Forwarded-For hops to believe: the sign-in limits key on the client's address.
  app.set('trust proxy', config.http.trustProxy);
  // upgrade-insecure-requests only in production: over plain http on localhost it sends the
  // pages' own redirects (an upload's 303 to the evidence page) to https, where nothing listens.
  const production = config.env === 'production';
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { upgradeInsecureRequests: production ? [] : null } },
    }),
  );
  app.use(noStore);
  for (const parser of bodyParsers()) app.use(parser);
  app.useGlobalPipes(
    new InputGuardPipe(),
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // One message per field: the first rule it breaks.
      stopAtFirstError: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(new HttpExceptionFilter());
  configureWeb(app, app.get(AppConfig));

  if (config.http.openApi) {
    const openApi = new DocumentBuilder()
      .setTitle('KSB Portfolio API')
      .setDescription(
        'Apprenticeship evidence portfolios against ST1398 Machine Learning Engineer (Level 6). ' +
          'Every error is `{ statusCode, code, message, details? }` with a stable `code`.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build();
    // Built on the first request for it: scanning every route would add ~0.1 s to every start.
    const document = () => SwaggerModule.createDocument(app, openApi);
    SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
  }
  return app;
}

export async function createApp(
  config: AppConfig,
  database: DatabaseTarget,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config, database),
    { bufferLogs: true },
  );
  configureApp(app);
  return app;
}
