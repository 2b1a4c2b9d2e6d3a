import { errorText, ZH_ERRORS } from './error-messages';

/** An error as the console's client throws it (ApiError: its module needs a browser window). */
const apiError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('errorText', () => {
  const refused = apiError('INVOICE_EXCEEDS_INVOICEABLE', 'invoices 120.00 exceed the invoiceable 100.00');

  it("shows a code's meaning in Chinese before the API's message, and the message alone in English", () => {
    expect(errorText(refused, 'zh-CN')).toBe('发票金额超过可开票金额：invoices 120.00 exceed the invoiceable 100.00');
    expect(errorText(refused, 'en')).toBe('invoices 120.00 exceed the invoiceable 100.00');
  });

  it('leaves an unknown code, and an error that is not the API’s, as they are', () => {
    expect(errorText(apiError('TEAPOT', 'short and stout'), 'zh-CN')).toBe('short and stout');
    expect(errorText(new TypeError('Failed to fetch'), 'zh-CN')).toBe('Failed to fetch');
    expect(errorText('plain', 'zh-CN')).toBe('plain');
  });

  it('has Chinese for every code, none left empty', () => {
    expect(Object.values(ZH_ERRORS).filter((text) => text.trim() === '')).toEqual([]);
  });
});
