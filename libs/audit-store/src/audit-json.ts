/**
 * Makes a value storable in an audit event whatever the caller hands in: canonical JSON (libs/audit) refuses floats,
 * Dates, decimals and bigints, and a refused value must not fail a change that has already been made. So Dates become
 * ISO strings, decimals (Prisma / decimal.js) and bigints their exact decimal strings, other non-integer numbers
 * their JavaScript text, `undefined` object members are dropped and `undefined` array items become null.
 * Money should be handed in as decimal strings already (formatAmount); this is the safety net.
 */
export function toAuditJson(value: unknown): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (Array.isArray(value)) return value.map(toAuditJson);
  if (isDecimal(value)) return value.toFixed();
  if (value instanceof Map) return toAuditJson(Object.fromEntries(value));
  if (value instanceof Set) return toAuditJson([...value]);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value as Record<string, unknown>))
    if (member !== undefined) out[key] = toAuditJson(member);
  return out;
}

function isDecimal(value: object): value is { toFixed(): string } {
  const v = value as { d?: unknown; e?: unknown; s?: unknown; toFixed?: unknown };
  return typeof v.toFixed === 'function' && Array.isArray(v.d) && typeof v.e === 'number' && typeof v.s === 'number';
}
