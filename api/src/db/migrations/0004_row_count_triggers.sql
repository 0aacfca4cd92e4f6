-- Exact row counts kept by triggers, so that an unfiltered list's `total` is one row read
-- instead of a count over the whole table (about 50 ms at 1 000 000 services). Statement-level
-- triggers with transition tables add one UPDATE per INSERT or DELETE statement; the counts
-- are transactional, so every snapshot sees the count that matches its rows.
INSERT INTO "row_counts" ("table_name", "n")
SELECT 'customers', count(*) FROM "customers"
UNION ALL SELECT 'vehicles', count(*) FROM "vehicles"
UNION ALL SELECT 'services', count(*) FROM "services";
--> statement-breakpoint
CREATE FUNCTION "row_counts_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "row_counts" SET "n" = "n" + (SELECT count(*) FROM inserted) WHERE "table_name" = TG_TABLE_NAME;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "row_counts_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "row_counts" SET "n" = "n" - (SELECT count(*) FROM deleted) WHERE "table_name" = TG_TABLE_NAME;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "row_counts_truncated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	UPDATE "row_counts" SET "n" = 0 WHERE "table_name" = TG_TABLE_NAME;
	RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "customers_counted_insert" AFTER INSERT ON "customers" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_inserted"();
--> statement-breakpoint
CREATE TRIGGER "customers_counted_delete" AFTER DELETE ON "customers" REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_deleted"();
--> statement-breakpoint
CREATE TRIGGER "customers_counted_truncate" AFTER TRUNCATE ON "customers" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_truncated"();
--> statement-breakpoint
CREATE TRIGGER "vehicles_counted_insert" AFTER INSERT ON "vehicles" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_inserted"();
--> statement-breakpoint
CREATE TRIGGER "vehicles_counted_delete" AFTER DELETE ON "vehicles" REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_deleted"();
--> statement-breakpoint
CREATE TRIGGER "vehicles_counted_truncate" AFTER TRUNCATE ON "vehicles" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_truncated"();
--> statement-breakpoint
CREATE TRIGGER "services_counted_insert" AFTER INSERT ON "services" REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_inserted"();
--> statement-breakpoint
CREATE TRIGGER "services_counted_delete" AFTER DELETE ON "services" REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_deleted"();
--> statement-breakpoint
CREATE TRIGGER "services_counted_truncate" AFTER TRUNCATE ON "services" FOR EACH STATEMENT EXECUTE FUNCTION "row_counts_truncated"();
