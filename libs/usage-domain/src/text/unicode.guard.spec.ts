import { codePointLength, hasInvalidUtf8, sanitizeText } from './unicode.guard';

describe('unicode guard', () => {
  it('tells lone surrogates from pairs', () => {
    expect(hasInvalidUtf8('渲染 🎬', false)).toBe(false);
    expect(hasInvalidUtf8('a\uD83D', false)).toBe(true);
    expect(hasInvalidUtf8('\uDE00a', false)).toBe(true);
    expect(hasInvalidUtf8('a\uFFFD', false)).toBe(false);
    expect(hasInvalidUtf8('a\uFFFD', true)).toBe(true);
  });

  it('counts code points', () => {
    expect(codePointLength('🎬🎬')).toBe(2);
    expect(codePointLength('渲染')).toBe(2);
  });

  it('sanitizes free text for agents', () => {
    expect(sanitizeText('bad\uFFFD\uD800name\n', 64)).toBe('badname');
    expect(sanitizeText('🎬🎬🎬', 2)).toBe('🎬🎬');
  });
});
