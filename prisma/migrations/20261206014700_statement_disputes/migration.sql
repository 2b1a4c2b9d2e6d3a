-- Issue 16 item 5: disputes of statement lines (申诉).
CREATE TABLE "statement_disputes" (
    "id" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_amount" DECIMAL(20,2) NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'open',
    "credited_amount" DECIMAL(20,2),
    "tenant_credit" DECIMAL(20,2),
    "voucher_reversal" DECIMAL(20,2),
    "resolution_reason" TEXT,
    "resolved_by" TEXT,
    "resolved_at" TIMESTAMP(3),
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "charge_id" TEXT,
    "ledger_transaction_id" UUID,
    CONSTRAINT "statement_disputes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "statement_disputes_state" CHECK ("state" IN ('open', 'accepted', 'rejected')),
    CONSTRAINT "statement_disputes_requested_positive" CHECK ("requested_amount" > 0),
    CONSTRAINT "statement_disputes_statement_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id")
);
CREATE INDEX "statement_disputes_tenant_id_statement_id_idx" ON "statement_disputes"("tenant_id", "statement_id");
CREATE INDEX "statement_disputes_state_idx" ON "statement_disputes"("state");
-- One open dispute per line: a second is refused (DISPUTE_ALREADY_OPEN)
CREATE UNIQUE INDEX "statement_disputes_one_open" ON "statement_disputes"("statement_id", "line_id")
    WHERE "state" = 'open';

-- An accepted dispute takes back part of a deduction: a negative deductions row naming the dispute, so the
-- statement's deductions, its ledger postings and the claims built on them keep agreeing
ALTER TABLE "deductions" ADD COLUMN "dispute_id" TEXT;
ALTER TABLE "deductions" DROP CONSTRAINT "deductions_amount_non_negative";
ALTER TABLE "deductions" ADD CONSTRAINT "deductions_amount_non_negative"
    CHECK ("amount" >= 0 OR "dispute_id" IS NOT NULL);

-- A dispute credit is the tenant's money, of no programme
ALTER TABLE "tenant_charges" ALTER COLUMN "programme_id" DROP NOT NULL;
ALTER TABLE "tenant_charges" DROP CONSTRAINT "tenant_charges_kind_check";
ALTER TABLE "tenant_charges" ADD CONSTRAINT "tenant_charges_kind_check"
    CHECK ("kind" IN ('claim_rejected', 'clawback', 'dispute_credit'));
ALTER TABLE "tenant_charges" DROP CONSTRAINT "tenant_charges_amount_check";
ALTER TABLE "tenant_charges" ADD CONSTRAINT "tenant_charges_amount_check"
    CHECK (CASE WHEN "kind" = 'dispute_credit' THEN "amount" < 0 AND "programme_id" IS NULL
           ELSE "amount" > 0 AND "programme_id" IS NOT NULL END);
