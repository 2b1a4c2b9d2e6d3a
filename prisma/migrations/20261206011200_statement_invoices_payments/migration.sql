-- Invoices issued against a statement and payments received for it (issue 16 item 3). Neither is ever deleted:
-- an invoice is voided (红冲 / 作废) and a payment reversed, each with its reason.
CREATE TABLE "statement_invoices" (
    "id" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "issued_on" VARCHAR(10) NOT NULL,
    "amount_excl_tax" DECIMAL(20,2) NOT NULL,
    "tax" DECIMAL(20,2) NOT NULL,
    "amount_incl_tax" DECIMAL(20,2) NOT NULL,
    "file_content" BYTEA,
    "file_content_type" TEXT,
    "file_sha256" CHAR(64),
    "voided" BOOLEAN NOT NULL DEFAULT false,
    "void_reason" TEXT,
    "voided_at" TIMESTAMP(3),
    "voided_by" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "statement_invoices_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "statement_invoices_type" CHECK ("type" IN ('digital', 'special', 'ordinary')),
    CONSTRAINT "statement_invoices_amounts" CHECK ("amount_excl_tax" + "tax" = "amount_incl_tax"),
    CONSTRAINT "statement_invoices_file" CHECK (("file_content" IS NULL) = ("file_sha256" IS NULL)
      AND ("file_content" IS NULL) = ("file_content_type" IS NULL)),
    CONSTRAINT "statement_invoices_void" CHECK ("voided" = ("void_reason" IS NOT NULL))
);
CREATE UNIQUE INDEX "statement_invoices_type_number_key" ON "statement_invoices"("type", "number");
CREATE INDEX "statement_invoices_statement_id_idx" ON "statement_invoices"("statement_id");
ALTER TABLE "statement_invoices" ADD CONSTRAINT "statement_invoices_statement_id_fkey" FOREIGN KEY ("statement_id")
  REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "statement_payments" (
    "id" TEXT NOT NULL,
    "statement_id" UUID NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "received_on" VARCHAR(10) NOT NULL,
    "amount" DECIMAL(20,2) NOT NULL,
    "bank_reference" TEXT NOT NULL,
    "payer" TEXT,
    "reversed" BOOLEAN NOT NULL DEFAULT false,
    "reversal_reason" TEXT,
    "reversed_at" TIMESTAMP(3),
    "reversed_by" TEXT,
    "created_by" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "statement_payments_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "statement_payments_positive" CHECK ("amount" > 0),
    CONSTRAINT "statement_payments_reversal" CHECK ("reversed" = ("reversal_reason" IS NOT NULL))
);
-- A bank reference names one live payment of a statement (one transfer may pay several statements): a reversed
-- one (recorded in error) may be recorded again.
CREATE UNIQUE INDEX "statement_payments_live_reference" ON "statement_payments"("statement_id", "bank_reference")
  WHERE NOT "reversed";
CREATE INDEX "statement_payments_statement_id_idx" ON "statement_payments"("statement_id");
ALTER TABLE "statement_payments" ADD CONSTRAINT "statement_payments_statement_id_fkey" FOREIGN KEY ("statement_id")
  REFERENCES "statements"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Never deleted: a void or a reversal is an update with its reason (the PL/pgSQL body is an E-string whose
-- semicolons are written \073, as in the billing migration).
CREATE FUNCTION settlement_refuse_delete() RETURNS trigger LANGUAGE plpgsql AS
E'BEGIN RAISE EXCEPTION ''invoices and payments are never deleted: % on % refused'', TG_OP, TG_TABLE_NAME USING ERRCODE = ''restrict_violation''\073 END\073';
CREATE TRIGGER statement_invoices_no_delete BEFORE DELETE ON "statement_invoices"
  FOR EACH ROW EXECUTE FUNCTION settlement_refuse_delete();
CREATE TRIGGER statement_invoices_no_truncate BEFORE TRUNCATE ON "statement_invoices"
  FOR EACH STATEMENT EXECUTE FUNCTION settlement_refuse_delete();
CREATE TRIGGER statement_payments_no_delete BEFORE DELETE ON "statement_payments"
  FOR EACH ROW EXECUTE FUNCTION settlement_refuse_delete();
CREATE TRIGGER statement_payments_no_truncate BEFORE TRUNCATE ON "statement_payments"
  FOR EACH STATEMENT EXECUTE FUNCTION settlement_refuse_delete();
