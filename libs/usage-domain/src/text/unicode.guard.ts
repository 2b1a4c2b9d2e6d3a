// A lone surrogate cannot be encoded as UTF-8; U+FFFD is what a lenient decoder (protobuf, Buffer)
// leaves behind when the bytes on the wire were not UTF-8. Either way the agent sent bad text.
const LONE_SURROGATE = /\p{Cs}/u;
const LONE_SURROGATE_OR_REPLACEMENT = /[\p{Cs}\uFFFD]/u;
const CONTROL = /\p{Cc}/u;

export function hasInvalidUtf8(text: string, rejectReplacementChar: boolean): boolean {
  return (rejectReplacementChar ? LONE_SURROGATE_OR_REPLACEMENT : LONE_SURROGATE).test(text);
}

export function hasControlChars(text: string): boolean {
  return CONTROL.test(text);
}

/** Length in Unicode code points (a surrogate pair counts once). */
export function codePointLength(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** UTF-8 byte length of a well-formed string. */
export function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Drops lone surrogates, U+FFFD and control characters: for agents cleaning free text before sending. */
export function sanitizeText(text: string, maxCodePoints: number): string {
  const cleaned = text.replace(/[\p{Cs}\uFFFD\p{Cc}]/gu, '');
  return codePointLength(cleaned) <= maxCodePoints ? cleaned : Array.from(cleaned).slice(0, maxCodePoints).join('');
}
