import { InvariantViolationError } from '../errors/domain.errors';
import { NO_TAX_AMOUNTS, type TaxAmounts, addTax, shareOfLine, subtractTax, sumTax } from './line-tax';
import type { Decimal } from '@park/money';

/**
 * Who is invoiced for a programme's voucher-paid share (programme rule `invoicing`):
 * - tenant_full:  the tenant's 发票 covers the whole line; the bureau's claim carries no invoice of the park;
 * - tenant_net:   the tenant's 发票 covers the line less the share; the share is invoiced to no one (a subsidy);
 * - bureau_share: the tenant's 发票 covers the line less the share; the park invoices the bureau for the share.
 * Either way the tenant's invoice + the bureau's ≤ the line's 价税合计 (= it under tenant_full and bureau_share).
 */
export const INVOICING_MODES = ['tenant_full', 'tenant_net', 'bureau_share'] as const;
export type InvoicingMode = (typeof INVOICING_MODES)[number];
export const DEFAULT_INVOICING: InvoicingMode = 'tenant_full';

export interface ProgrammeShare {
  readonly programmeId: string;
  readonly mode: InvoicingMode;
  /** The voucher-paid share of the line, split like the line (see shareOfLine). */
  readonly share: TaxAmounts;
}

export interface LineInvoicing {
  /** What the tenant's 发票 covers of this line. */
  readonly tenant: TaxAmounts;
  readonly shares: readonly ProgrammeShare[];
}

/** One line's split between the tenant's invoice and each programme's share (deductions grouped per programme). */
export function invoiceLine(
  line: TaxAmounts,
  deductions: readonly { readonly programmeId: string; readonly amount: Decimal }[],
  modeOf: (programmeId: string) => InvoicingMode,
): LineInvoicing {
  const byProgramme = new Map<string, Decimal>();
  for (const d of deductions) byProgramme.set(d.programmeId, d.amount.plus(byProgramme.get(d.programmeId) ?? 0));
  const shares = [...byProgramme]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([programmeId, amount]) => ({ programmeId, mode: modeOf(programmeId), share: shareOfLine(line, amount) }));
  const notTenants = sumTax(shares.filter((s) => s.mode !== 'tenant_full').map((s) => s.share));
  return { tenant: subtractTax(line, notTenants), shares };
}

export interface StatementInvoicing {
  readonly tenant: TaxAmounts;
  /** Per programme (sorted by id): its share, and what of it the bureau is invoiced for. */
  readonly programmes: readonly {
    readonly programmeId: string;
    readonly mode: InvoicingMode;
    readonly share: TaxAmounts;
    readonly bureauInvoiced: TaxAmounts;
  }[];
}

/**
 * Sums the lines' invoicing and checks the invariant: tenant's invoice + bureaus' invoices ≤ gross, and = gross when
 * no share is tenant_net (so no 元 is invoiced twice, and none is lost when the modes say every 元 is invoiced).
 */
export function invoiceStatement(lines: readonly LineInvoicing[], gross: Decimal): StatementInvoicing {
  const tenant = sumTax(lines.map((l) => l.tenant));
  const m = new Map<string, { mode: InvoicingMode; share: TaxAmounts }>();
  for (const s of lines.flatMap((l) => l.shares)) {
    const acc = m.get(s.programmeId);
    m.set(s.programmeId, { mode: s.mode, share: addTax(acc?.share ?? NO_TAX_AMOUNTS, s.share) });
  }
  const programmes = [...m]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([programmeId, { mode, share }]) => ({
      programmeId,
      mode,
      share,
      bureauInvoiced: mode === 'bureau_share' ? share : NO_TAX_AMOUNTS,
    }));
  const invoiced = tenant.amountInclTax.plus(sumTax(programmes.map((p) => p.bureauInvoiced)).amountInclTax);
  const everyYuan = programmes.every((p) => p.mode !== 'tenant_net');
  if (invoiced.gt(gross) || (everyYuan && !invoiced.equals(gross)))
    throw new InvariantViolationError([
      {
        invariant: 'invoices_within_gross',
        message:
          `the tenant's ${tenant.amountInclTax.toFixed(2)} and the bureaus' invoices make ` +
          `${invoiced.toFixed(2)} of the gross ${gross.toFixed(2)}`,
      },
    ]);
  return { tenant, programmes };
}
