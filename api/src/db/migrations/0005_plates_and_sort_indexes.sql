DROP INDEX "vehicles_plate_number_trgm_idx";--> statement-breakpoint
DROP INDEX "vehicles_plate_number_key";--> statement-breakpoint
-- API v2: a plate is one plate whatever its spacing. Stored Indonesian plates typed without
-- spaces take their usual form (B1234ABC -> B 1234 ABC), as the API now writes them; two
-- vehicles whose plates differ only in spacing stop the upgrade with their ids, since only a
-- person can tell which one is right.
UPDATE "vehicles" SET "plate_number" = btrim(regexp_replace(regexp_replace(translate("plate_number", ' -', ''), '^([A-Z]{1,2})([0-9]{1,4})([A-Z]{0,3})$', '\1 \2 \3'), ' +', ' ', 'g'))
  WHERE translate("plate_number", ' -', '') ~ '^[A-Z]{1,2}[0-9]{1,4}[A-Z]{0,3}$';--> statement-breakpoint
DO $$
DECLARE clashes text;
BEGIN
  SELECT string_agg(format('%s (vehicles %s)', key, ids), '; ') INTO clashes FROM (
    SELECT translate("plate_number", ' -', '') AS key, string_agg("id"::text, ', ' ORDER BY "id") AS ids
    FROM "vehicles" GROUP BY 1 HAVING count(*) > 1
  ) AS duplicates;
  IF clashes IS NOT NULL THEN
    RAISE EXCEPTION 'plates that differ only in spacing: %; change one plate of each before upgrading', clashes;
  END IF;
END $$;--> statement-breakpoint
CREATE INDEX "customers_phone_idx" ON "customers" USING btree ("phone","id");--> statement-breakpoint
CREATE INDEX "customers_phone_digits_trgm_idx" ON "customers" USING gin (regexp_replace("phone", '[^0-9]', '', 'g') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "services_vehicle_id_sort_idx" ON "services" USING btree ("vehicle_id","id");--> statement-breakpoint
CREATE INDEX "services_mileage_idx" ON "services" USING btree ("mileage","id");--> statement-breakpoint
CREATE INDEX "services_mechanic_idx" ON "services" USING btree (lower("mechanic"),"id");--> statement-breakpoint
CREATE INDEX "vehicles_plate_number_idx" ON "vehicles" USING btree ("plate_number","id");--> statement-breakpoint
CREATE INDEX "vehicles_customer_id_sort_idx" ON "vehicles" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "vehicles_color_idx" ON "vehicles" USING btree (lower("color"),"id");--> statement-breakpoint
CREATE INDEX "vehicles_vin_idx" ON "vehicles" USING btree ("vin","id");--> statement-breakpoint
CREATE INDEX "vehicles_mileage_idx" ON "vehicles" USING btree ("mileage","id");--> statement-breakpoint
CREATE INDEX "vehicles_plate_key_trgm_idx" ON "vehicles" USING gin (translate("plate_number", ' -', '') gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_plate_number_key" ON "vehicles" USING btree (translate("plate_number", ' -', ''));