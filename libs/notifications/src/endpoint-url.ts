/** Why an endpoint URL is refused, or null when it is acceptable. */
export function endpointUrlProblem(url: string, mode: 'development' | 'production' | string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'not an absolute URL';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `scheme ${parsed.protocol} is not http(s)`;
  if (mode === 'production' && parsed.protocol !== 'https:') return 'production delivers to https URLs only';
  if (parsed.username || parsed.password) return 'credentials in the URL are refused: verify the signature instead';
  if (parsed.hash) return 'a fragment (#…) is never sent: remove it';
  return null;
}
