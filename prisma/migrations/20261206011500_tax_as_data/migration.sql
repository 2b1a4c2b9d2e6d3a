-- Issue 16: tax as data. A price book version says whether its prices include VAT, its rates (a default and
-- optional rates per resource class) and the tax classification code of each class. Existing versions become
-- 6 %, tax-inclusive: their prices are what tenants pay, so no amount moves.
ALTER TABLE "price_book_versions"
  ADD COLUMN "tax_inclusive" BOOLEAN NOT NULL DEFAULT true,
  ADD COLUMN "vat_rate" DECIMAL(5,4) NOT NULL DEFAULT 0.06,
  ADD COLUMN "vat_rates" JSONB NOT NULL DEFAULT '{}',
  ADD COLUMN "tax_codes" JSONB NOT NULL DEFAULT '{}';

-- Each issued line's tax and the part of it the tenant's invoice covers (NULL on lines issued before).
ALTER TABLE "statement_lines"
  ADD COLUMN "vat_rate" DECIMAL(5,4),
  ADD COLUMN "tax_inclusive" BOOLEAN,
  ADD COLUMN "amount_excl_tax" DECIMAL(20,2),
  ADD COLUMN "tax" DECIMAL(20,2),
  ADD COLUMN "amount_incl_tax" DECIMAL(20,2),
  ADD COLUMN "invoiceable_incl_tax" DECIMAL(20,2);

-- The statement's tax totals and what the tenant's invoice covers (NULL on statements issued before).
ALTER TABLE "statements"
  ADD COLUMN "total_excl_tax" DECIMAL(20,2),
  ADD COLUMN "total_tax" DECIMAL(20,2),
  ADD COLUMN "total_incl_tax" DECIMAL(20,2),
  ADD COLUMN "invoiceable" DECIMAL(20,2);
