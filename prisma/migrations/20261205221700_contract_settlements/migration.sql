-- Issue 12 item 3: a contract-settlement programme pays a share of a contract's settled amount, prorated by the
-- base period's days in the contract's term. One row per programme × contract × base period, with every step.
CREATE TABLE "contract_settlements" (
    "id" UUID NOT NULL,
    "programme_id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "contract_id" TEXT NOT NULL,
    "base_from" VARCHAR(10) NOT NULL,
    "base_to" VARCHAR(10) NOT NULL,
    "year" INTEGER NOT NULL,
    "settled_amount" DECIMAL(20,2) NOT NULL,
    "settled_on" VARCHAR(10) NOT NULL,
    "reference" TEXT NOT NULL,
    "subsidy" DECIMAL(20,2) NOT NULL,
    "steps" JSONB NOT NULL,
    "ledger_transaction_id" UUID,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "contract_settlements_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "contract_settlements_subsidy_not_negative" CHECK ("subsidy" >= 0)
);

CREATE UNIQUE INDEX "contract_settlements_programme_id_contract_id_base_from_key"
    ON "contract_settlements"("programme_id", "contract_id", "base_from");
CREATE INDEX "contract_settlements_tenant_id_idx" ON "contract_settlements"("tenant_id");

ALTER TABLE "contract_settlements" ADD CONSTRAINT "contract_settlements_contract_id_fkey"
    FOREIGN KEY ("contract_id") REFERENCES "contracts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "contract_settlements" ADD CONSTRAINT "contract_settlements_programme_id_fkey"
    FOREIGN KEY ("programme_id") REFERENCES "programmes"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
