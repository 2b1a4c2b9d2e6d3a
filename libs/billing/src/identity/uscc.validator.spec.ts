import { checkUscc, usccCheckCharacter } from './uscc.validator';

describe('unified social credit code (GB 32100-2015)', () => {
  it('accepts codes with the right check character', () => {
    expect(checkUscc('91350100M000100Y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it('names what is wrong', () => {
    expect(checkUscc('91350100M000100Y44')).toEqual({ ok: false, reason: 'check character is 4, expected 3' });
    expect(checkUscc('123')).toEqual({ ok: false, reason: 'must be 18 characters, got 3' });
    expect(checkUscc('9135010OM000100Y43')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('character O'),
    });
    expect(checkUscc('91A50100M000100Y43')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('administrative division'),
    });
  });

  it('computes check characters including 0 and letters', () => {
    const first = '91520900MA6HXBK2W';
    const full = first + usccCheckCharacter(first);
    expect(checkUscc(full).ok).toBe(true);
  });
});
