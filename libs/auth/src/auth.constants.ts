/** Injection tokens. */
export const AUTH_OPTIONS = Symbol('park:auth-options');
export const TOKEN_VERIFIER = Symbol('park:token-verifier');

/**
 * The only bodies the guard answers with. They name no tenant, bureau, cluster or resource. Apps should answer
 * their own "no such resource" with NOT_FOUND_BODY too, so a caller cannot tell "not yours" from "not there".
 */
export const UNAUTHENTICATED_BODY = Object.freeze({
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Authentication required',
});
export const FORBIDDEN_BODY = Object.freeze({ statusCode: 403, error: 'Forbidden', message: 'Forbidden' });
export const NOT_FOUND_BODY = Object.freeze({ statusCode: 404, error: 'Not Found', message: 'Not found' });
export const AUTH_UNAVAILABLE_BODY = Object.freeze({
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'Authentication is temporarily unavailable',
});

/** gRPC status codes used for the same outcomes (from @grpc/grpc-js `status`). */
export const GRPC_STATUS = { NOT_FOUND: 5, PERMISSION_DENIED: 7, UNAVAILABLE: 14, UNAUTHENTICATED: 16 } as const;
