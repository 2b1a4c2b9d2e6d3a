import { type Decimal, tryParse } from '@park/money';

export interface ValidationIssue {
  /** Where, e.g. `programmes[2].caps.perTenantPerYear`. */
  readonly path: string;
  readonly message: string;
}

/** An input object that failed validation; carries every problem found, not just the first. */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  constructor(
    readonly issues: readonly ValidationIssue[],
    readonly subject = 'input',
  ) {
    super(
      `${subject} is invalid (${issues.length} ` +
        `problem${issues.length === 1 ? '' : 's'}):\n${issues.map((i) => `- ${i.path}: ${i.message}`).join('\n')}`,
    );
  }
}

/**
 * Collects problems while an input is being built, so one ValidationError reports them all.
 * Readers keep going after a problem and return a placeholder; `throwIfAny` stops the build.
 */
export class Issues {
  private readonly list: ValidationIssue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Records the message when the condition is false; returns the condition. */
  check(condition: boolean, path: string, message: string): boolean {
    if (!condition) this.add(path, message);
    return condition;
  }

  /** Parses with a @park/money parser; records the error and returns `fallback` on failure. */
  decimal(parse: (input: unknown) => Decimal, input: unknown, path: string, fallback: Decimal): Decimal {
    const r = tryParse(parse, input);
    if (r.ok) return r.value;
    this.add(path, r.error);
    return fallback;
  }

  string(input: unknown, path: string, pattern?: RegExp): string {
    if (typeof input !== 'string' || input.length === 0) {
      this.add(path, 'required non-empty string');
      return '';
    }
    if (pattern && !pattern.test(input)) this.add(path, `"${input}" does not match ${String(pattern)}`);
    return input;
  }

  oneOf<T extends string>(input: unknown, allowed: readonly T[], path: string, fallback: T): T {
    if (typeof input === 'string' && (allowed as readonly string[]).includes(input)) return input as T;
    this.add(path, `must be one of ${allowed.join(', ')} (got ${JSON.stringify(input) ?? 'undefined'})`);
    return fallback;
  }

  instant(input: unknown, path: string): Date {
    if (input instanceof Date && !Number.isNaN(input.getTime())) return input;
    this.add(path, 'required valid Date (UTC instant)');
    return new Date(0);
  }

  get count(): number {
    return this.list.length;
  }

  get all(): readonly ValidationIssue[] {
    return [...this.list];
  }

  throwIfAny(subject: string): void {
    if (this.list.length > 0) throw new ValidationError(this.all, subject);
  }
}

/** Runs a reader with a fresh collector and throws a ValidationError listing all problems. */
export function buildOrThrow<T>(subject: string, read: (issues: Issues) => T): T {
  const issues = new Issues();
  const value = read(issues);
  issues.throwIfAny(subject);
  return value;
}
