import { ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { FONT_STACK } from '../format/fonts';
import { formatYuan } from '../format/money';
import { formatTime } from '../format/time';
import { errorText } from './error-messages';
import { EN, ZH, type MessageKey } from './messages';

export type Locale = 'zh-CN' | 'en';

interface LocaleApi {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey): string;
  /** A status word from the API ("issued") in the current language; unknown ones as they are. */
  status(value: string): string;
  /** A code word from the API (a ledger entry's kind, a job type) in the current language; unknown ones as they are. */
  term(kind: 'ledger' | 'job' | 'charge', value: string): string;
  yuan(amount: string | null | undefined): string;
  time(iso: string | null | undefined): string;
  /** An error to show: in Chinese what its API code means, then the API's message (error-messages.ts). */
  errorText(error: unknown): string;
}

const THEME = {
  token: {
    colorPrimary: '#1f5fbf',
    fontFamily: FONT_STACK,
  },
};

const LocaleContext = createContext<LocaleApi | null>(null);
const STORAGE_KEY = 'park.console.locale';

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() =>
    localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN',
  );
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    document.documentElement.lang = next;
    setLocaleState(next);
  }, []);
  const api = useMemo<LocaleApi>(() => {
    const table = locale === 'en' ? EN : ZH;
    const t = (key: MessageKey) => table[key];
    return {
      locale,
      setLocale,
      t,
      status: (value) => (`status.${value}` in table ? t(`status.${value}` as MessageKey) : value),
      term: (kind, value) => (`${kind}.${value}` in table ? t(`${kind}.${value}` as MessageKey) : value),
      yuan: (amount) => formatYuan(amount, locale),
      time: (iso) => formatTime(iso),
      errorText: (error) => errorText(error, locale),
    };
  }, [locale, setLocale]);
  return (
    <LocaleContext.Provider value={api}>
      <ConfigProvider locale={locale === 'en' ? enUS : zhCN} theme={THEME}>
        {children}
      </ConfigProvider>
    </LocaleContext.Provider>
  );
}

export function useLocale(): LocaleApi {
  const api = useContext(LocaleContext);
  if (!api) throw new Error('useLocale outside LocaleProvider');
  return api;
}
