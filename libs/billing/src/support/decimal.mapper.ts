import { Decimal } from '@park/money';

/** A Prisma Decimal (its own decimal.js copy) → our Decimal, through its exact string. */
export function toDecimal(value: { toFixed(): string } | string): Decimal {
  return new Decimal(typeof value === 'string' ? value : value.toFixed());
}

export function toDecimalOrNull(value: { toFixed(): string } | null | undefined): Decimal | null {
  return value == null ? null : toDecimal(value);
}

/** Exact string for a Decimal column (Prisma accepts decimal strings). */
export function dbDecimal(value: Decimal): string {
  return value.toFixed();
}
