-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('draft', 'submitted', 'under_review', 'approved', 'partly_approved', 'rejected', 'paid');

-- CreateTable
CREATE TABLE "claims" (
    "id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "bureau_id" TEXT NOT NULL,
    "cadence" TEXT NOT NULL,
    "cycle" TEXT NOT NULL,
    "mechanism" TEXT NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'draft',
    "total" DECIMAL(20,2) NOT NULL,
    "approved_amount" DECIMAL(20,2),
    "rejected_amount" DECIMAL(20,2),
    "manifest_sha256" TEXT NOT NULL,
    "payment_reference" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "claims_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_lines" (
    "id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "statement_number" TEXT NOT NULL,
    "period_id" VARCHAR(7) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "invoice_number" TEXT,
    "payment_reference" TEXT,
    "contract_ids" TEXT[],
    "decision" TEXT NOT NULL DEFAULT 'pending',
    "reason" TEXT,

    CONSTRAINT "claim_lines_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "claim_evidence_files" (
    "claim_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "content_type" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "claim_evidence_files_pkey" PRIMARY KEY ("claim_id","name")
);

-- CreateTable
CREATE TABLE "claim_clawbacks" (
    "id" TEXT NOT NULL,
    "claim_line_id" TEXT NOT NULL,
    "claim_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "claim_clawbacks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "claims_bureau_id_idx" ON "claims"("bureau_id");

-- CreateIndex
CREATE UNIQUE INDEX "claims_programme_id_cycle_key" ON "claims"("programme_id", "cycle");

-- CreateIndex
CREATE INDEX "claim_lines_statement_id_idx" ON "claim_lines"("statement_id");

-- CreateIndex
CREATE UNIQUE INDEX "claim_lines_claim_id_statement_id_key" ON "claim_lines"("claim_id", "statement_id");

-- CreateIndex
CREATE UNIQUE INDEX "claim_clawbacks_claim_line_id_key" ON "claim_clawbacks"("claim_line_id");

-- CreateIndex
CREATE INDEX "claim_clawbacks_tenant_id_status_idx" ON "claim_clawbacks"("tenant_id", "status");

-- AddForeignKey
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "claim_evidence_files" ADD CONSTRAINT "claim_evidence_files_claim_id_fkey" FOREIGN KEY ("claim_id") REFERENCES "claims"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

