-- The issuing statement refuses itself when a voucher pool had no room left (another issue took it since it read
-- the pool), instead of returning a count for the caller to check. So the caller can send COMMIT right behind it:
-- the rows every issue shares (pools, the period, the audit head) are then locked for one round trip less.
-- SQLSTATE PK001 (our own class): StatementIssueRepository retries the issue with the pool rows locked first.
-- (\073 is the semicolon: Prisma's migration runner splits scripts on semicolons, even inside a function body.)
CREATE FUNCTION pool_room_guard(asked integer, updated integer) RETURNS integer LANGUAGE plpgsql AS
E'BEGIN IF updated < asked THEN RAISE EXCEPTION ''% of % voucher pools had no room left for this statement''''s deductions'', asked - updated, asked USING ERRCODE = ''PK001''\073 END IF\073 RETURN updated\073 END\073';
