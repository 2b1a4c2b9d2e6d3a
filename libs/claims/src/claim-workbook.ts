import { renderWorkbook, type RenderedExport, type XlsxSheet } from '@park/statements-export';

/** What the claim's workbook shows: the claim as `ClaimQueries.get` answers it (amounts as decimal strings). */
export interface ClaimForWorkbook {
  readonly id: string;
  readonly programmeId: string;
  readonly bureauId: string;
  readonly cycle: string;
  readonly status: string;
  readonly total: string;
  readonly approvedAmount: string | null;
  readonly rejectedAmount: string | null;
  readonly manifestSha256: string;
  readonly createdAt: Date;
  readonly lines: readonly {
    readonly id: string;
    readonly tenantId: string;
    readonly statementNumber: string;
    readonly periodId: string;
    readonly amount: string;
    readonly decision: string | null;
    readonly reason: string | null;
    readonly invoiceNumber: string | null;
    readonly paymentReference: string | null;
  }[];
}

const DECISIONS: Record<string, string> = { approved: '通过 approved', rejected: '核减 rejected' };

function linesSheet(c: ClaimForWorkbook): XlsxSheet {
  return {
    name: '申请明细 Claim lines',
    preamble: [
      ['兑付申请 Claim', c.id],
      ['政策 Programme', c.programmeId],
      ['发放机构 Bureau', c.bureauId],
      ['结算周期 Cycle', c.cycle],
      ['状态 Status', c.status],
      ['申请金额 Amount claimed (CNY)', c.total],
      ['核准金额 Approved (CNY)', c.approvedAmount ?? ''],
      ['核减金额 Rejected (CNY)', c.rejectedAmount ?? ''],
      ['证据包清单摘要 Evidence manifest SHA-256', c.manifestSha256],
    ],
    columns: [
      { header: '申请行 Claim line', kind: 'text', width: 30 },
      { header: '企业 Tenant', kind: 'text', width: 22 },
      { header: '结算单 Statement', kind: 'text', width: 24 },
      { header: '账期 Period', kind: 'text', width: 10 },
      { header: '金额 Amount', kind: 'money' },
      { header: '审核结果 Decision', kind: 'text', width: 16 },
      { header: '原因 Reason', kind: 'text', width: 36 },
      { header: '发票 Invoice', kind: 'text', width: 16 },
      { header: '付款 Payment', kind: 'text', width: 16 },
    ],
    rows: c.lines.map((l) => [
      l.id,
      l.tenantId,
      l.statementNumber,
      l.periodId,
      l.amount,
      l.decision ? (DECISIONS[l.decision] ?? l.decision) : '待审 pending',
      l.reason,
      l.invoiceNumber,
      l.paymentReference,
    ]),
    // the claim's total as stored (its lines add up to it: GET /v1/claims/:id reconciles them)
    total: { label: '合计 Total', amounts: { 4: c.total } },
  };
}

/** The claim's lines as an Excel workbook (Chinese headers first, a total row); the same claim, the same bytes. */
export function renderClaimWorkbook(c: ClaimForWorkbook): Promise<RenderedExport> {
  return renderWorkbook([linesSheet(c)], {
    fixedDate: c.createdAt,
    title: `兑付申请 ${c.id}`,
    filename: `${c.id}.xlsx`,
  });
}
