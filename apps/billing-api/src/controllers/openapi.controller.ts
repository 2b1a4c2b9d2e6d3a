import { Controller, Get } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import type { INestApplication } from '@nestjs/common';
import { ApiExcludeController, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

/**
 * Serves the OpenAPI document of every route of the running app at /openapi.json. Built on first request from
 * Nest's own module container (what SwaggerModule.createDocument reads from an application), so it needs no
 * hook in the platform's boot and lists the routes of whatever modules the app composes.
 */
@ApiExcludeController()
@Controller()
export class OpenApiController {
  private document?: OpenAPIObject;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly config: ApplicationConfig,
    private readonly http: HttpAdapterHost,
  ) {}

  @Get('openapi.json')
  openapi(): OpenAPIObject {
    if (!this.document) {
      const appView = {
        container: { getModules: () => this.modules, isGlobalModule: () => false },
        config: this.config,
        getHttpAdapter: () => this.http.httpAdapter,
      } as unknown as INestApplication;
      const options = new DocumentBuilder()
        .setTitle('Park metering and billing 视听算力产业园 计量与结算')
        .setDescription('Amounts, prices and quantities are exact decimal strings. Errors: { error: { code, message, issues?, requestId } }.')
        .setVersion('1')
        .build();
      this.document = SwaggerModule.createDocument(appView, options);
    }
    return this.document;
  }
}
