import { tsvQuoted, tsvString, tsvStringMap, tsvUnescape } from './tab-separated';

describe('TabSeparated text', () => {
  it('escapes what TSV gives a meaning to, and nothing else', () => {
    expect(tsvString('plain ü 🎬 "x"')).toBe('plain ü 🎬 "x"');
    expect(tsvString('a\tb\nc\\d\re\0')).toBe('a\\tb\\nc\\\\d\\re\\0');
    expect(tsvString("it's")).toBe("it's");
  });

  it('reads back what it escaped', () => {
    for (const value of ['plain ü 🎬', 'a\tb\nc\\d\re\0', '\\t is not a tab', 'end\\'])
      expect(tsvUnescape(tsvString(value))).toBe(value);
  });

  it('quotes strings inside arrays and maps', () => {
    expect(tsvQuoted("it's \\ \t")).toBe("'it\\'s \\\\ \\t'");
    expect(tsvStringMap({ project: 'p1', "o'k": 'a\nb' })).toBe("{'project':'p1','o\\'k':'a\\nb'}");
    expect(tsvStringMap({})).toBe('{}');
  });
});
