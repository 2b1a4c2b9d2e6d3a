/** What the browser reads from /console/config.json: how to sign in, so one bundle serves every deployment. */
export type ConsoleConfig =
  { signIn: 'development' } | { signIn: 'oidc'; issuer: string; clientId: string; scope: string };
