import type { StatementView } from '@park/billing-domain';

export interface SummaryRow {
  readonly tenantId: string;
  readonly name: string;
  readonly view: StatementView;
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch)
      ? 2
      : 1;
  return w;
}

function pad(s: string, w: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, w - width(s)));
  return right ? fill + s : s + fill;
}

/** tenant, gross, deductions by programme (one column each), net payable; amounts as issued (exact strings). */
export function summaryTable(
  rows: readonly SummaryRow[],
  programmes: readonly { id: string; label: string }[],
): string {
  const header = ['tenant 企业', 'gross 费用', ...programmes.map((p) => p.label), 'net 应付'];
  const body = rows.map((r) => {
    const byProgramme = new Map(r.view.deductionsByProgramme.map((d) => [d.programmeId, d.amount]));
    return [
      `${r.tenantId} ${r.name}`,
      r.view.totals.gross,
      ...programmes.map((p) => byProgramme.get(p.id) ?? '0.00'),
      r.view.totals.netPayable,
    ];
  });
  const widths = header.map((h, i) => Math.max(width(h), ...body.map((b) => width(b[i]))));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, widths[i], i > 0)).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...body.map(line), rule].join('\n');
}
