-- Invoicing details (开票信息) of the park operator (the seller, per park) and of each tenant (the buyer).
-- Versioned: a change is a new row, and a statement prints the version in force when it was issued.
CREATE TABLE "invoicing_parties" (
    "subject_kind" TEXT NOT NULL CHECK ("subject_kind" IN ('park', 'tenant')),
    "subject_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL CHECK ("version" >= 1),
    "name" TEXT NOT NULL,
    "taxpayer_id" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "bank_name" TEXT NOT NULL,
    "bank_account" TEXT NOT NULL,
    "effective_from" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by" TEXT NOT NULL,
    CONSTRAINT "invoicing_parties_pkey" PRIMARY KEY ("subject_kind", "subject_id", "version")
);
