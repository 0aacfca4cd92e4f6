-- The workshop's time zone (settings), and the two functions that read it: which day it is for
-- the workshop (a reminder due today, the year an invoice is numbered in, the services scheduled
-- today), whatever the server's or the session's TimeZone. Until now these were UTC's: a workshop
-- in Jakarta (UTC+7) saw "today" change at 07:00 and issued January's first invoices as last year's.
ALTER TABLE "settings" ADD COLUMN "time_zone" varchar(64) DEFAULT 'Asia/Jakarta' NOT NULL;--> statement-breakpoint
CREATE FUNCTION "workshop_time_zone"() RETURNS text LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT "time_zone" FROM "settings" WHERE "id" = 1), 'UTC')
$$;--> statement-breakpoint
CREATE FUNCTION "workshop_today"() RETURNS date LANGUAGE sql STABLE AS $$
	SELECT (now() AT TIME ZONE "workshop_time_zone"())::date
$$;--> statement-breakpoint
-- A name PostgreSQL does not know would break every query that reads the day: refused (22023).
CREATE FUNCTION "settings_time_zone_known"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_timezone_names WHERE "name" = NEW."time_zone") THEN
		RAISE EXCEPTION 'unknown time zone %', NEW."time_zone"
			USING ERRCODE = 'invalid_parameter_value', CONSTRAINT = 'settings_time_zone_known';
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "settings_time_zone_known" BEFORE INSERT OR UPDATE OF "time_zone" ON "settings" FOR EACH ROW EXECUTE FUNCTION "settings_time_zone_known"();
--> statement-breakpoint
-- A repeating reminder renewed by a completion counts its months from the workshop's day.
CREATE OR REPLACE FUNCTION "reminders_answered"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	"answered" "reminders";
BEGIN
	IF NEW."status" = 'completed' AND OLD."status" IS DISTINCT FROM 'completed' AND NEW."reminder_id" IS NOT NULL THEN
		UPDATE "reminders" SET "status" = 'done', "service_id" = NEW."id", "updated_at" = now()
			WHERE "id" = NEW."reminder_id" AND "status" = 'open'
			RETURNING * INTO "answered";
		IF FOUND AND ("answered"."repeat_months" IS NOT NULL OR "answered"."repeat_km" IS NOT NULL) THEN
			INSERT INTO "reminders" ("vehicle_id", "description", "due_date", "due_mileage", "repeat_months", "repeat_km")
			VALUES (
				"answered"."vehicle_id",
				"answered"."description",
				CASE WHEN "answered"."repeat_months" IS NOT NULL
					THEN ((NEW."completed_at" AT TIME ZONE "workshop_time_zone"())::date + make_interval(months => "answered"."repeat_months"))::date END,
				CASE WHEN "answered"."repeat_km" IS NOT NULL
					THEN coalesce(NEW."mileage", (SELECT "mileage" FROM "vehicles" WHERE "id" = NEW."vehicle_id"), 0) + "answered"."repeat_km" END,
				"answered"."repeat_months",
				"answered"."repeat_km");
		END IF;
	END IF;
	RETURN NULL;
END $$;
