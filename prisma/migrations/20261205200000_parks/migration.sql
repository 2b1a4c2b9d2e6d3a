-- Issue 12 item 11: parks are registered (a typo in a parkId created a park). Every park id already in use becomes
-- a registered park (its name is its id until an operator renames it), main is always there (the default), and
-- tenants and billing periods refer to a registered park.
CREATE TABLE "parks" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "parks_pkey" PRIMARY KEY ("id")
);

INSERT INTO "parks" ("id", "name")
SELECT DISTINCT p, p FROM (
    SELECT 'main' AS p
    UNION SELECT "park_id" FROM "tenants"
    UNION SELECT "park_id" FROM "billing_periods"
) AS used;

ALTER TABLE "tenants" ADD CONSTRAINT "tenants_park_id_fkey" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "billing_periods" ADD CONSTRAINT "billing_periods_park_id_fkey" FOREIGN KEY ("park_id") REFERENCES "parks"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
