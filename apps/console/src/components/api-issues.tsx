import { Alert, type FormInstance } from 'antd';
import { useState } from 'react';
import { ApiError } from '../api/client';
import { useLocale } from '../i18n/locale';

/**
 * The dotted form field name an API issue path names: "body.rules.ratio" → "rules.ratio". `renamed` maps the first
 * part of paths from the domain's checks to the form's ("programme.caps" is the rules form's "rules.caps").
 */
export function fieldNameOf(path: string, renamed: Record<string, string> = {}): string {
  const [head, ...rest] = path.replace(/^body\./, '').split('.');
  return [renamed[head] ?? head, ...rest].join('.');
}

/** Puts each of the API's zod issues on the form field it names; returns the issues no field of the form shows. */
export function showIssuesOnFields(form: FormInstance, error: unknown, renamed: Record<string, string> = {}): string[] {
  if (!(error instanceof ApiError)) return [];
  // every registered field of the form by its dotted name (a SKU code such as gpu.h100-80g has dots of its own)
  const known = new Map(form.getFieldsError().map((f) => [f.name.join('.'), f.name]));
  const byField = new Map<string, string[]>();
  const elsewhere: string[] = [];
  for (const issue of error.issues) {
    const name = fieldNameOf(issue.path, renamed);
    if (known.has(name)) byField.set(name, [...(byField.get(name) ?? []), issue.message]);
    else elsewhere.push(issue.path ? `${issue.path}: ${issue.message}` : issue.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: known.get(name) ?? [], errors })));
  return elsewhere;
}

/**
 * Submits a form to the API: on failure each zod issue is shown under its field, the rest (and the message) in
 * an alert above the buttons. `alert` is that alert, to render where the form wants it.
 */
export function useApiSubmit(form: FormInstance, renamed: Record<string, string> = {}) {
  const { t, errorText } = useLocale();
  const [failure, setFailure] = useState<{ message: string; rest: string[] }>();
  const [busy, setBusy] = useState(false);
  const submit = async (call: () => Promise<unknown>): Promise<boolean> => {
    setFailure(undefined);
    setBusy(true);
    try {
      await call();
      return true;
    } catch (error) {
      setFailure({ message: errorText(error), rest: showIssuesOnFields(form, error, renamed) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  const alert = failure && (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="form-error"
      message={t('issuesTitle')}
      description={
        <>
          <div>{failure.message}</div>
          {failure.rest.map((line) => (
            <div key={line}>{line}</div>
          ))}
        </>
      }
    />
  );
  return { submit, busy, alert };
}
