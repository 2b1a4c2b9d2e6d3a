/** A value that is not an exact decimal string of the expected form. */
export class MoneyParseError extends Error {
  override readonly name = 'MoneyParseError';
  constructor(
    readonly input: unknown,
    readonly reason: string,
    readonly label = 'value',
  ) {
    super(`invalid ${label} ${describe(input)}: ${reason}`);
  }
}

/** A value that cannot be formatted as asked (e.g. more than 2 decimals for an amount). */
export class MoneyFormatError extends Error {
  override readonly name = 'MoneyFormatError';
}

function describe(input: unknown): string {
  if (typeof input === 'string') return JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input);
  if (typeof input === 'number') return `${String(input)} (a JS number; pass a decimal string)`;
  return `(${typeof input})`;
}
