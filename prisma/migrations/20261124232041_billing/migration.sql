-- CreateEnum
CREATE TYPE "PeriodStatus" AS ENUM ('open', 'closing', 'closed');

-- CreateEnum
CREATE TYPE "GrantStatus" AS ENUM ('active', 'suspended', 'revoked');

-- CreateEnum
CREATE TYPE "StatementStatus" AS ENUM ('draft', 'issued', 'paid');

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "park_id" TEXT NOT NULL DEFAULT 'main',
ADD COLUMN     "price_book_id" TEXT;

-- CreateTable
CREATE TABLE "price_books" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "is_default" BOOLEAN NOT NULL DEFAULT false,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_books_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "price_book_versions" (
    "price_book_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "rounding" TEXT NOT NULL DEFAULT 'HALF_UP_FEN',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "price_book_versions_pkey" PRIMARY KEY ("price_book_id","version")
);

-- CreateTable
CREATE TABLE "price_entries" (
    "price_book_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "sku" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "unit_price" DECIMAL(20,6),
    "tiers" JSONB,

    CONSTRAINT "price_entries_pkey" PRIMARY KEY ("price_book_id","version","sku")
);

-- CreateTable
CREATE TABLE "contracts" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "signed_on" VARCHAR(10) NOT NULL,
    "effective_from" TIMESTAMP(3) NOT NULL,
    "effective_to" TIMESTAMP(3),
    "term_months" INTEGER,
    "discount_percent" DECIMAL(7,4) NOT NULL DEFAULT 0,
    "overrides" JSONB NOT NULL DEFAULT '{}',
    "committed_monthly_spend" DECIMAL(20,2),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "contracts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_periods" (
    "park_id" TEXT NOT NULL,
    "id" VARCHAR(7) NOT NULL,
    "status" "PeriodStatus" NOT NULL DEFAULT 'open',
    "closing_started_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "issued_count" INTEGER NOT NULL DEFAULT 0,
    "tenant_count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "billing_periods_pkey" PRIMARY KEY ("park_id","id")
);

-- CreateTable
CREATE TABLE "bureaus" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "region_code" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bureaus_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stacking_groups" (
    "id" TEXT NOT NULL,
    "ceiling" DECIMAL(9,6) NOT NULL,

    CONSTRAINT "stacking_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "programmes" (
    "id" TEXT NOT NULL,
    "bureau_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "rules" JSONB NOT NULL,
    "is_demo" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programmes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grants" (
    "id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "contract_id" TEXT,
    "face_value" DECIMAL(20,2) NOT NULL,
    "valid_from" VARCHAR(10) NOT NULL,
    "valid_to" VARCHAR(10) NOT NULL,
    "status" "GrantStatus" NOT NULL DEFAULT 'active',
    "status_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "grants_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_accounts" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "grant_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_transactions" (
    "id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "idempotency_key" TEXT NOT NULL,
    "tenant_id" TEXT,
    "statement_id" UUID,
    "memo" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_transactions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_postings" (
    "id" BIGSERIAL NOT NULL,
    "transaction_id" UUID NOT NULL,
    "account_id" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "usage_year" INTEGER,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_postings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "voucher_counters" (
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "used" DECIMAL(20,2) NOT NULL DEFAULT 0,

    CONSTRAINT "voucher_counters_pkey" PRIMARY KEY ("programme_id","tenant_id","year")
);

-- CreateTable
CREATE TABLE "statements" (
    "id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "period_id" VARCHAR(7) NOT NULL,
    "status" "StatementStatus" NOT NULL DEFAULT 'draft',
    "number" TEXT,
    "as_of" VARCHAR(10),
    "gross" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "usage_amount" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "adjustment_amount" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "deductions" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "reimbursable" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "net_payable" DECIMAL(20,2) NOT NULL DEFAULT 0,
    "view" JSONB,
    "issued_at" TIMESTAMP(3),
    "paid_at" TIMESTAMP(3),
    "payment_reference" TEXT,
    "invoice_number" TEXT,
    "pdf_sha256" TEXT,
    "csv_sha256" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "statements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "statement_lines" (
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "is_adjustment" BOOLEAN NOT NULL,
    "usage_period_id" VARCHAR(7) NOT NULL,
    "contract_id" TEXT,
    "sku" TEXT,
    "resource_class" TEXT,
    "chip_family" TEXT,
    "domestic_chip" BOOLEAN NOT NULL DEFAULT false,
    "job_type" TEXT,
    "quantity_base" DECIMAL(38,6) NOT NULL,
    "quantity" DECIMAL(38,6) NOT NULL,
    "billing_unit" TEXT,
    "unit_price" DECIMAL(20,6) NOT NULL,
    "price_model" TEXT NOT NULL,
    "price_source" TEXT NOT NULL,
    "discount_percent" DECIMAL(7,4) NOT NULL,
    "price_book_id" TEXT,
    "price_book_version" INTEGER,
    "rounding" TEXT NOT NULL,
    "unrounded_amount" DECIMAL(38,12) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "on_bill_deductions" DECIMAL(20,2) NOT NULL,
    "reimbursable" DECIMAL(20,2) NOT NULL,
    "net" DECIMAL(20,2) NOT NULL,

    CONSTRAINT "statement_lines_pkey" PRIMARY KEY ("statement_id","line_id")
);

-- CreateTable
CREATE TABLE "deductions" (
    "id" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "line_id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "mechanism" TEXT NOT NULL,
    "usage_year" INTEGER NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "explanation" JSONB NOT NULL,
    "ledger_transaction_id" UUID NOT NULL,

    CONSTRAINT "deductions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billed_usage" (
    "tenant_id" TEXT NOT NULL,
    "usage_period_id" VARCHAR(7) NOT NULL,
    "sku" TEXT NOT NULL,
    "job_type" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "quantity_base" DECIMAL(38,6) NOT NULL,

    CONSTRAINT "billed_usage_pkey" PRIMARY KEY ("tenant_id","usage_period_id","sku","job_type","statement_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "price_book_versions_price_book_id_effective_from_key" ON "price_book_versions"("price_book_id", "effective_from");

-- CreateIndex
CREATE UNIQUE INDEX "contracts_number_key" ON "contracts"("number");

-- CreateIndex
CREATE INDEX "contracts_tenant_id_idx" ON "contracts"("tenant_id");

-- CreateIndex
CREATE INDEX "grants_tenant_id_idx" ON "grants"("tenant_id");

-- CreateIndex
CREATE INDEX "grants_programme_id_idx" ON "grants"("programme_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_accounts_grant_id_key" ON "ledger_accounts"("grant_id");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_transactions_idempotency_key_key" ON "ledger_transactions"("idempotency_key");

-- CreateIndex
CREATE INDEX "ledger_transactions_statement_id_idx" ON "ledger_transactions"("statement_id");

-- CreateIndex
CREATE INDEX "ledger_postings_account_id_idx" ON "ledger_postings"("account_id");

-- CreateIndex
CREATE INDEX "ledger_postings_transaction_id_idx" ON "ledger_postings"("transaction_id");

-- CreateIndex
CREATE UNIQUE INDEX "statements_number_key" ON "statements"("number");

-- CreateIndex
CREATE INDEX "statements_period_id_status_idx" ON "statements"("period_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "statements_tenant_id_period_id_key" ON "statements"("tenant_id", "period_id");

-- CreateIndex
CREATE INDEX "statement_lines_tenant_id_usage_period_id_idx" ON "statement_lines"("tenant_id", "usage_period_id");

-- CreateIndex
CREATE INDEX "deductions_statement_id_idx" ON "deductions"("statement_id");

-- CreateIndex
CREATE INDEX "deductions_tenant_id_idx" ON "deductions"("tenant_id");

-- CreateIndex
CREATE INDEX "tenants_park_id_idx" ON "tenants"("park_id");

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_price_book_id_fkey" FOREIGN KEY ("price_book_id") REFERENCES "price_books"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_book_versions" ADD CONSTRAINT "price_book_versions_price_book_id_fkey" FOREIGN KEY ("price_book_id") REFERENCES "price_books"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_entries" ADD CONSTRAINT "price_entries_price_book_id_version_fkey" FOREIGN KEY ("price_book_id", "version") REFERENCES "price_book_versions"("price_book_id", "version") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "price_entries" ADD CONSTRAINT "price_entries_sku_fkey" FOREIGN KEY ("sku") REFERENCES "skus"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "programmes" ADD CONSTRAINT "programmes_bureau_id_fkey" FOREIGN KEY ("bureau_id") REFERENCES "bureaus"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_programme_id_fkey" FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "grants" ADD CONSTRAINT "grants_contract_id_fkey" FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_transaction_id_fkey" FOREIGN KEY ("transaction_id") REFERENCES "ledger_transactions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_postings" ADD CONSTRAINT "ledger_postings_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "ledger_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statements" ADD CONSTRAINT "statements_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "statement_lines" ADD CONSTRAINT "statement_lines_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deductions" ADD CONSTRAINT "deductions_statement_id_fkey" FOREIGN KEY ("statement_id") REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ── Ledger integrity (hand-written) ─────────────────────────────────────────────────────────────
-- Prisma's migration runner splits the script at every semicolon, dollar quotes included, so the PL/pgSQL
-- bodies below are E-strings whose semicolons are written \073.
-- The voucher ledger is append-only: nothing edits or deletes an entry, and a reversal is a new entry.
CREATE FUNCTION ledger_refuse_change() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''ledger is append-only: % on % refused'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''restrict_violation''\073 END\073';

CREATE TRIGGER ledger_transactions_append_only BEFORE UPDATE OR DELETE ON "ledger_transactions"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_transactions_no_truncate BEFORE TRUNCATE ON "ledger_transactions"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_postings_append_only BEFORE UPDATE OR DELETE ON "ledger_postings"
  FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change();
CREATE TRIGGER ledger_postings_no_truncate BEFORE TRUNCATE ON "ledger_postings"
  FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change();

-- Double entry: the postings of a transaction sum to zero, checked when the inserting transaction commits.
CREATE FUNCTION ledger_check_balanced() RETURNS trigger LANGUAGE plpgsql AS
E'DECLARE total numeric\073 BEGIN SELECT COALESCE(SUM(amount), 0) INTO total FROM "ledger_postings" WHERE transaction_id = NEW.transaction_id\073 IF total <> 0 THEN RAISE EXCEPTION ''ledger transaction % does not balance: postings sum to %'', NEW.transaction_id, total USING ERRCODE = ''check_violation''\073 END IF\073 RETURN NULL\073 END\073';

CREATE CONSTRAINT TRIGGER ledger_postings_balanced AFTER INSERT ON "ledger_postings"
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION ledger_check_balanced();

-- Money that must never go negative.
ALTER TABLE "voucher_counters" ADD CONSTRAINT "voucher_counters_used_non_negative" CHECK ("used" >= 0);
ALTER TABLE "grants" ADD CONSTRAINT "grants_face_value_positive" CHECK ("face_value" > 0);
ALTER TABLE "deductions" ADD CONSTRAINT "deductions_amount_non_negative" CHECK ("amount" >= 0);
