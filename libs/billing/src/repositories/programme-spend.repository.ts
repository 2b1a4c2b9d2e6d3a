import { Injectable } from '@nestjs/common';
import { BillingPgPool } from './billing-pg.pool';

/** One Asia/Shanghai month's movements of a programme (amounts are exact numeric strings, 元). */
export interface SpendMonthRow {
  month: string;
  granted: string | null;
  /** Redemptions net of reversals, by the usage year they count in (a pool is per usage year). */
  redeemedByYear: Record<string, string> | null;
  claimed: string | null;
  approved: string | null;
}

const SHANGHAI_MONTH = (column: string) =>
  `to_char((${column} AT TIME ZONE 'UTC') AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM')`;

/**
 * A programme's spend per month, from the ledger and the claims (all months it has any, oldest first):
 *  - granted: face values issued (grant_issue postings on the programme's issued account), by the month of issue;
 *  - redeemed: postings on its redeemed account (redemptions, less a clawback's reversals), by the statement's
 *    period, or the month of posting for what belongs to no statement;
 *  - claimed / approved: claim lines of claims past draft (approved: lines the bureau approved), by statement period.
 */
@Injectable()
export class ProgrammeSpendRepository {
  constructor(private readonly pg: BillingPgPool) {}

  byMonth(programmeId: string): Promise<SpendMonthRow[]> {
    return this.pg.query<SpendMonthRow>(
      `WITH granted AS (
         SELECT ${SHANGHAI_MONTH('t.created_at')} AS month, (-sum(p.amount))::text AS amount
         FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
         WHERE p.account_id = 'programme:' || $1 || ':issued' AND t.kind = 'grant_issue' GROUP BY 1),
       redeemed AS (
         SELECT month, json_object_agg(year, amount) AS by_year FROM (
           SELECT COALESCE(s.period_id, ${SHANGHAI_MONTH('t.created_at')}) AS month,
                  COALESCE(p.usage_year::text, '') AS year, sum(p.amount)::text AS amount
           FROM ledger_postings p JOIN ledger_transactions t ON t.id = p.transaction_id
           LEFT JOIN statements s ON s.id = t.statement_id
           WHERE p.account_id = 'programme:' || $1 || ':redeemed' GROUP BY 1, 2) r GROUP BY month),
       claimed AS (
         SELECT l.period_id AS month, sum(l.amount)::text AS claimed,
                (sum(l.amount) FILTER (WHERE l.decision = 'approved'))::text AS approved
         FROM claim_lines l JOIN claims c ON c.id = l.claim_id
         WHERE l.programme_id = $1 AND c.status <> 'draft' GROUP BY 1)
       SELECT m.month, g.amount AS granted, r.by_year AS "redeemedByYear", c.claimed, c.approved
       FROM (SELECT month FROM granted UNION SELECT month FROM redeemed UNION SELECT month FROM claimed) m
       LEFT JOIN granted g ON g.month = m.month LEFT JOIN redeemed r ON r.month = m.month
       LEFT JOIN claimed c ON c.month = m.month
       ORDER BY m.month`,
      [programmeId],
    );
  }
}
