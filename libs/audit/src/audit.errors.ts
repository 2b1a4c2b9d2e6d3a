/**
 * A value that has no canonical JSON form (a float, a Date, a cycle, …); `path` names where, e.g. `$.lines[2].amount`.
 */
export class CanonicalJsonError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'CanonicalJsonError';
  }
}

/** An audit event input that cannot be appended; lists every problem at once. */
export class AuditInputError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid audit event:\n- ${problems.join('\n- ')}`);
    this.name = 'AuditInputError';
  }
}
