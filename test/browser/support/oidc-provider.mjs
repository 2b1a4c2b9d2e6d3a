// A real OpenID provider (panva's oidc-provider) for the console's production sign-in test, run as its own process
// because the package is ESM only. Arguments: port, the console's redirect URI, the API's audience, and the account
// as JSON ({ sub, name, park_role, park_tenant? , park_bureau? }), and optionally the access tokens' lifetime in
// seconds (default 600). Prints "oidc provider ready" when listening. The console's client may refresh its tokens:
// a refresh token comes with every code (rotated on use), as issuers that serve single-page apps do.
// Its login and consent pages are the package's development interactions: any password signs the account in.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const [port, redirectUri, audience, accountJson, ttl = '600'] = process.argv.slice(2);
const account = JSON.parse(accountJson);
const issuer = `http://127.0.0.1:${port}`;
const resource = 'urn:park:api';
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: 'park-console',
      token_endpoint_auth_method: 'none', // a public client: the browser holds no secret, PKCE proves the code
      redirect_uris: [redirectUri],
      post_logout_redirect_uris: [redirectUri],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    },
  ],
  pkce: { required: () => true },
  // without offline_access too (which needs prompt=consent on every sign-in): the browser session bounds it
  issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
  cookies: { keys: ['park-oidc-test-cookie-key'] },
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), alg: 'RS256', use: 'sig', kid: 'park-test' }] },
  claims: { openid: ['sub'], profile: ['name'] },
  clientBasedCORS: (_ctx, origin) => origin === new URL(redirectUri).origin,
  findAccount: (_ctx, sub) =>
    sub === account.sub ? { accountId: sub, claims: () => ({ sub, name: account.name }) } : undefined,
  features: {
    devInteractions: { enabled: true },
    // the access token is a JWT for the park's API: its audience, signed with the keys the API reads from /jwks
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'openid profile',
        audience,
        accessTokenFormat: 'jwt',
        accessTokenTTL: Number(ttl),
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // the claims libs/auth maps to a principal (DEFAULT_CLAIM_NAMES): role and the tenant or bureau it acts for
  extraTokenClaims: (_ctx, token) => {
    if (token.accountId !== account.sub) return undefined;
    const { park_role, park_tenant, park_bureau, name } = account;
    return { park_role, name, ...(park_tenant ? { park_tenant } : {}), ...(park_bureau ? { park_bureau } : {}) };
  },
});
provider.listen(Number(port), '127.0.0.1', () => process.stdout.write('oidc provider ready\n'));
