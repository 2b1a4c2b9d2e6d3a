-- The SHA-256 of a statement's Excel export, stored beside those of its PDF and CSV
ALTER TABLE "statements" ADD COLUMN "xlsx_sha256" TEXT;
