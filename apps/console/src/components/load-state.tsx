import { Alert, Button, Empty, Spin } from 'antd';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { useLocale } from '../i18n/locale';

export interface Loaded<T> {
  data: T | undefined;
  error: Error | undefined;
  loading: boolean;
  reload(): void;
}

/** Runs `load` when its dependencies change; the screen shows loading, error and empty states from it. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [round, setRound] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    run().then(
      (data) => live && setState({ data, loading: false }),
      (error: Error) => live && setState({ error, loading: false }),
    );
    return () => {
      live = false;
    };
  }, [run, round]);
  return { ...state, reload: () => setRound((r) => r + 1) } as Loaded<T>;
}

/** Loading spinner, the error with a retry, an empty state, or the content. */
export function LoadState<T>(props: {
  loaded: Loaded<T>;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t, errorText } = useLocale();
  const { data, error, loading, reload } = props.loaded;
  if (error) {
    const notFound = error instanceof ApiError && (error.status === 404 || error.status === 403);
    return (
      // an Alert, not a Result: Result bundles its large illustrations into every screen
      <Alert
        type={notFound ? 'warning' : 'error'}
        showIcon
        message={notFound ? t('notFound') : t('errorTitle')}
        description={errorText(error)}
        action={<Button onClick={reload}>{t('retry')}</Button>}
        data-testid="load-error"
      />
    );
  }
  if (loading && data === undefined)
    return (
      <Spin tip={t('loading')} size="large">
        <div style={{ minHeight: 160 }} />
      </Spin>
    );
  if (data === undefined) return null;
  if (props.isEmpty?.(data)) return <Empty description={t('empty')} data-testid="empty" />;
  return <>{props.children(data)}</>;
}
