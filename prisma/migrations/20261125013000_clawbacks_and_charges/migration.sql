-- Clawback (追缴) and charges billed back to tenants (issue 5 items 2 and 3).

-- Charges billed on a tenant's next statement: rejected claim amounts and clawbacks.
CREATE TABLE "tenant_charges" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "grant_id" TEXT,
    "source_id" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "statement_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "billed_at" TIMESTAMP(3),

    CONSTRAINT "tenant_charges_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "tenant_charges_kind_check" CHECK ("kind" IN ('claim_rejected', 'clawback')),
    CONSTRAINT "tenant_charges_status_check" CHECK ("status" IN ('pending', 'billed')),
    CONSTRAINT "tenant_charges_amount_check" CHECK ("amount" > 0),
    CONSTRAINT "tenant_charges_billed_check" CHECK (("status" = 'billed') = ("statement_id" IS NOT NULL))
);
CREATE UNIQUE INDEX "tenant_charges_source_id_key" ON "tenant_charges"("source_id");
CREATE INDEX "tenant_charges_tenant_id_status_idx" ON "tenant_charges"("tenant_id", "status");
CREATE INDEX "tenant_charges_statement_id_idx" ON "tenant_charges"("statement_id");

-- The pending rows of rejected claim lines move over (none had been billed: nothing read them).
INSERT INTO "tenant_charges" ("id", "tenant_id", "kind", "programme_id", "source_id", "amount", "reason", "status", "created_at")
SELECT "id", "tenant_id", 'claim_rejected', "programme_id", "claim_line_id", "amount", "reason", 'pending', "created_at"
FROM "claim_clawbacks" WHERE "amount" > 0;
DROP TABLE "claim_clawbacks";

ALTER TABLE "statements" ADD COLUMN "charges_amount" DECIMAL(20,2) NOT NULL DEFAULT 0;

CREATE TABLE "clawbacks" (
    "id" TEXT NOT NULL,
    "grant_id" TEXT NOT NULL,
    "programme_id" TEXT NOT NULL,
    "bureau_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "voided_balance" DECIMAL(20,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "reference" TEXT,
    "claimed_in" JSONB NOT NULL,
    "actor" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clawbacks_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "clawbacks_grant_id_key" ON "clawbacks"("grant_id");
CREATE INDEX "clawbacks_programme_id_idx" ON "clawbacks"("programme_id");
CREATE INDEX "clawbacks_tenant_id_idx" ON "clawbacks"("tenant_id");

CREATE TABLE "programme_bars" (
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "clawback_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "programme_bars_pkey" PRIMARY KEY ("programme_id", "tenant_id")
);
