import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

export const OPENAPI_UI_PATH = 'docs';
export const OPENAPI_JSON_PATH = 'openapi.json';

/** The OpenAPI document at /openapi.json and its UI at /docs, built from the controllers. */
export function serveOpenApi(app: NestFastifyApplication): void {
  const config = new DocumentBuilder()
    .setTitle('OAP ledger')
    .setDescription(
      'Event-sourced ledger for delegated NHS mental-health budgets: agreements, placements, ' +
        'repatriations, savings and reinvestment. Money is always a decimal string. Errors are ' +
        'RFC 9457 problem documents with a stable `code`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
}
