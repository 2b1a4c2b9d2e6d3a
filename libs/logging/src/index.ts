export { createLogger, type Logger } from './logger';
export { NestPinoLogger } from './nest-logger';
export { requestIdMiddleware } from './request-id.middleware';
export { requestContext, currentRequestId, type RequestContext } from './request-context';
