/**
 * ClickHouse `TabSeparated` text for the raw usage rows. Why not JSON: ClickHouse parses TSV several times faster
 * than JSONCompactEachRow, and the sink's INSERT is most of its ClickHouse time. Values keep their exact text:
 * decimals go as the decimal strings they are (never through a JS number).
 */

const TSV_SPECIAL = /[\\\t\n\r\0]/;
const TSV_SPECIALS = /[\\\t\n\r\0]/g;
const QUOTED_SPECIAL = /[\\'\t\n\r\0]/;
const QUOTED_SPECIALS = /[\\'\t\n\r\0]/g;
const ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '\t': '\\t',
  '\n': '\\n',
  '\r': '\\r',
  '\0': '\\0',
  "'": "\\'",
};
const escape = (c: string): string => ESCAPES[c];

/** A top-level String field: backslash escapes for the characters TSV gives a meaning to. */
export function tsvString(value: string): string {
  return TSV_SPECIAL.test(value) ? value.replace(TSV_SPECIALS, escape) : value;
}

/** A string inside an Array or Map field: single-quoted, with the quote and TSV's characters escaped. */
export function tsvQuoted(value: string): string {
  return `'${QUOTED_SPECIAL.test(value) ? value.replace(QUOTED_SPECIALS, escape) : value}'`;
}

/** `{'k':'v',…}`: a Map(String, String) field. */
export function tsvStringMap(map: Readonly<Record<string, string>>): string {
  let text = '';
  for (const key in map) {
    if (!Object.prototype.hasOwnProperty.call(map, key)) continue;
    text += `${text === '' ? '' : ','}${tsvQuoted(key)}:${tsvQuoted(map[key])}`;
  }
  return `{${text}}`;
}

const UNESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '0': '\0', '\\': '\\', "'": "'" };

/** The value of a top-level String field: the inverse of `tsvString`. */
export function tsvUnescape(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/gs, (_, c: string) => UNESCAPES[c] ?? c) : field;
}
