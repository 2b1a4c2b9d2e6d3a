import { UserManager } from 'oidc-client-ts';
import type { ConsoleConfig } from './console-config';

// loaded only when this deployment signs in with OIDC (a chunk of its own)
/** Authorization code + PKCE with the OIDC issuer; the console's own URL is the redirect. */
export function oidcManager(config: Extract<ConsoleConfig, { signIn: 'oidc' }>): UserManager {
  return new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/console/`,
    post_logout_redirect_uri: `${window.location.origin}/console/`,
    response_type: 'code',
    scope: config.scope,
  });
}
