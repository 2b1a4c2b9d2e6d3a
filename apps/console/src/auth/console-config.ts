/** /console/config.json (libs/console-web): how this deployment signs people in. */
export type ConsoleConfig =
  { signIn: 'development' } | { signIn: 'oidc'; issuer: string; clientId: string; scope: string };

export async function loadConsoleConfig(): Promise<ConsoleConfig> {
  const response = await fetch('/console/config.json', { cache: 'no-cache' });
  if (!response.ok) throw new Error(`/console/config.json: ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}
