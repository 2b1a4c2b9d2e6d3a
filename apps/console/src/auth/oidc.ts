import { UserManager } from 'oidc-client-ts';
import type { ConsoleConfig } from './console-config';
import { userFromToken, type SessionUser } from './session';

type OidcConfig = Extract<ConsoleConfig, { signIn: 'oidc' }>;

let manager: UserManager | undefined;

// loaded only when this deployment signs in with OIDC (a chunk of its own)
/**
 * Authorization code + PKCE with the OIDC issuer; the console's own URL is the redirect. One manager per page: it
 * keeps the signed-in user (sessionStorage) and renews the access token before it expires (automaticSilentRenew:
 * with the refresh token when the issuer gave one, else a prompt=none request, which fails without a session).
 */
export function oidcManager(config: OidcConfig): UserManager {
  manager ??= new UserManager({
    authority: config.issuer,
    client_id: config.clientId,
    redirect_uri: `${window.location.origin}/console/`,
    post_logout_redirect_uri: `${window.location.origin}/console/`,
    response_type: 'code',
    scope: config.scope,
    automaticSilentRenew: true,
  });
  return manager;
}

/**
 * Keeps the console's token the issuer's latest: each renewed access token replaces the session's; a renewal that
 * fails, or a token that expires without one, calls `failed`. Returns what stops listening.
 */
export async function keepTokenFresh(
  config: OidcConfig,
  handlers: { renewed(user: SessionUser): void; failed(reason: string): void },
): Promise<() => void> {
  const m = oidcManager(config);
  const loaded = (user: { access_token: string }) => handlers.renewed(userFromToken(user.access_token));
  const renewFailed = (error: Error) => handlers.failed(error.message);
  const expired = () => handlers.failed('the access token expired');
  m.events.addUserLoaded(loaded);
  m.events.addSilentRenewError(renewFailed);
  m.events.addAccessTokenExpired(expired);
  // loading the stored user starts the timers that renew it
  const user = await m.getUser();
  if (user?.expired) expired();
  return () => {
    m.events.removeUserLoaded(loaded);
    m.events.removeSilentRenewError(renewFailed);
    m.events.removeAccessTokenExpired(expired);
  };
}

/** Forgets the issuer's user kept for renewal (signing out, or a session that could not be renewed). */
export async function forgetOidcUser(config: OidcConfig): Promise<void> {
  await oidcManager(config).removeUser();
}
