import { ValidationError, type ValidationIssue } from '@park/billing-domain';
import { MoneyParseError } from '@park/money';
import { InvalidInput } from '../errors/billing.errors';

/** Collects problems of an input and throws them all at once as InvalidInput. */
export class InputCheck {
  readonly issues: ValidationIssue[] = [];

  constructor(private readonly subject: string) {}

  require(ok: boolean, path: string, message: string): boolean {
    if (!ok) this.issues.push({ path, message });
    return ok;
  }

  string(value: unknown, path: string, pattern?: RegExp): value is string {
    if (typeof value !== 'string' || value.trim() === '')
      return this.require(false, path, 'required (a non-empty string)');
    if (pattern && !pattern.test(value)) return this.require(false, path, `must match ${pattern}`);
    return true;
  }

  /** Runs a domain builder, folding its ValidationError / MoneyParseError into this check's issues. */
  domain<T>(build: () => T, prefix = ''): T | undefined {
    try {
      return build();
    } catch (e) {
      if (e instanceof ValidationError)
        this.issues.push(
          ...e.issues.map((i) => ({ path: prefix ? `${prefix}.${i.path}` : i.path, message: i.message })),
        );
      else if (e instanceof MoneyParseError) this.issues.push({ path: prefix || e.label, message: e.message });
      else throw e;
      return undefined;
    }
  }

  done(): void {
    if (this.issues.length > 0) throw new InvalidInput(this.subject, this.issues);
  }
}

export const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const HOUR_MS = 3_600_000;
