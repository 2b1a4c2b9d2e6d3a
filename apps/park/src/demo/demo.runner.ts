import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { PeriodCloseService, StatementExportService, StatementService } from '@park/billing';
import { periodOf, previousPeriod, type StatementView } from '@park/billing-domain';
import type { AppConfig } from '@park/config';
import { ClaimService } from '@park/claims';
import { PrismaService } from '@park/db';
import { ScheduledJobsService } from '@park/reconciliation';
import type { Logger } from '@park/logging';
import { demoProgrammes } from './demo-catalogue.data';
import { reconcileDemo } from './demo-reconciliation';
import { loadDemoUsage } from './demo-usage.loader';
import { seedDemoPark } from './demo-park.seeder';
import { summaryTable, type SummaryRow } from './demo-summary.table';

const DEMO_RECORDS = 6_000;
const CLOSE_TIMEOUT_MS = 5 * 60_000;

/**
 * The demo, run after the park listens: only in demo mode (never in production) and only on an empty database.
 * Seeds a demo park, loads last month's usage (Asia/Shanghai), closes that period through the BullMQ jobs,
 * writes each statement's PDF and CSV to out/statements/ and prints a summary. Failures are logged, the park
 * keeps serving.
 */
export async function runDemo(
  app: INestApplication,
  config: AppConfig,
  logger: Logger,
  out: (text: string) => void,
  dir = path.resolve(process.cwd(), 'out', 'statements'),
): Promise<void> {
  if (!config.demo || config.mode === 'production') return;
  const prisma = app.get(PrismaService).client;
  if ((await prisma.tenant.count()) > 0) {
    logger.info('demo: the database already has tenants, nothing seeded');
    return;
  }
  const started = Date.now();
  const period = previousPeriod(periodOf(new Date()));
  out(`\ndemo: seeding a demo park (is_demo) and billing ${period} (Asia/Shanghai)\n`);
  const close = app.get(PeriodCloseService);
  const { park, closing } = await withMonthlyCloseHeld(app, async () => {
    const park = await seedDemoPark(app, period);
    const inserted = await loadDemoUsage(app, park, period, DEMO_RECORDS);
    out(
      `demo: ${park.tenants.length} tenants, ${park.clusters.length} clusters, ${inserted} usage records for ` +
        `${period} (a month on an accelerated clock)\n`,
    );
    return { park, closing: await close.startClose({ parkId: 'main', periodId: period }) };
  });
  out(`demo: closing ${period}: ${closing.enqueued} BullMQ jobs, one per tenant\n`);
  await close.waitUntilClosed('main', period, CLOSE_TIMEOUT_MS);

  await fs.mkdir(dir, { recursive: true });
  const statements = app.get(StatementService);
  const exports = app.get(StatementExportService);
  const rows: SummaryRow[] = [];
  for (const t of park.tenants) {
    const s = await statements.get(t.id, period);
    for (const format of ['pdf', 'csv'] as const) {
      const file = await exports.export(t.id, period, format);
      await fs.writeFile(path.join(dir, file.filename), file.content);
    }
    rows.push({ tenantId: t.id, name: t.name, view: s.view as unknown as StatementView });
  }
  const programmes = demoProgrammes(Number(period.slice(0, 4))).map((p) => ({ id: p.id, label: p.name }));
  out(`\n结算汇总 Statements ${period} (CNY; deductions by programme; net = gross − on-bill vouchers)\n`);
  out(`${summaryTable(rows, programmes)}\n`);
  out(`demo: ${rows.length} statements issued; PDF and CSV in ${path.relative(process.cwd(), dir) || dir}/\n`);
  await draftClaims(app, period, out);
  await reconcileDemo(app, period, out);
  out(`demo: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

/**
 * A draft reimbursement claim (兑付申请) per demo programme for the quarter of the period, for the operator to submit
 * and the bureau auditor to review. The reimbursed programme has nothing to claim until the tenants' statements are
 * paid.
 */
async function draftClaims(app: INestApplication, period: string, out: (text: string) => void): Promise<void> {
  const claims = app.get(ClaimService);
  const cycle = `${period.slice(0, 4)}-Q${Math.ceil(Number(period.slice(5, 7)) / 3)}`;
  for (const p of demoProgrammes(Number(period.slice(0, 4)))) {
    const claim = await claims.create({ programmeId: p.id, cycle }).catch((error: unknown) => {
      if ((error as { code?: string }).code !== 'NOTHING_TO_CLAIM') throw error;
      out(`demo: nothing to claim yet for ${p.id} (${(error as Error).message})\n`);
      return null;
    });
    if (!claim) continue;
    out(
      `demo: claim ${claim.id} of ${p.id} for ${cycle}: ${claim.lines.length} statements, ${claim.total} CNY ` +
        `(draft; its evidence pack under /v1/claims/${claim.id}/evidence/manifest.json)\n`,
    );
  }
}

/**
 * The scheduled monthly close leaves the demo's park alone until the demo has started its own close of the month: a
 * tick due meanwhile would close it with the tenants and usage seeded so far.
 */
async function withMonthlyCloseHeld<T>(app: INestApplication, work: () => Promise<T>): Promise<T> {
  const release = app.get(ScheduledJobsService).hold('main');
  try {
    return await work();
  } finally {
    release();
  }
}
