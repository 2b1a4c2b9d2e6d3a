import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * Every app describes the routes it composes: the OpenAPI document at /openapi.json and a browsable page at /docs
 * (Swagger UI, served from the swagger-ui-dist package: nothing fetched from outside). Built on first request.
 */
export function serveApiDescription(app: INestApplication, appName: string): void {
  SwaggerModule.setup('docs', app, () => describeApi(app, appName), {
    jsonDocumentUrl: 'openapi.json',
    raw: ['json'],
  });
}

/** The OpenAPI document of an app's routes; needs the built application, not its connections (console types). */
export function describeApi(app: INestApplication, appName: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(`Park metering and billing 视听算力产业园 计量与结算 (${appName})`)
    .setDescription(
      'Amounts, prices and quantities are exact decimal strings. Errors: { error: { code, message, issues?, ' +
        'requestId } }. ' +
        'Agent routes are signed (x-park-cluster, x-park-key-id, x-park-timestamp, x-park-nonce, x-park-signature: ' +
        'see the README). ' +
        'Every other route except /health and /metrics needs Authorization: Bearer <JWT> (roles and policy: ' +
        'libs/auth/README.md).',
    )
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .setVersion('1')
    .build();
  return SwaggerModule.createDocument(app, config);
}
