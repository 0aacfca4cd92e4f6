CREATE TABLE "reminders" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reminders_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vehicle_id" integer NOT NULL,
	"description" varchar(500) NOT NULL,
	"due_date" date,
	"due_mileage" integer,
	"repeat_months" smallint,
	"repeat_km" integer,
	"status" text DEFAULT 'open' NOT NULL,
	"service_id" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reminders_due_check" CHECK ("reminders"."due_date" is not null or "reminders"."due_mileage" is not null),
	CONSTRAINT "reminders_status_check" CHECK ("reminders"."status" in ('open', 'done', 'dismissed')),
	CONSTRAINT "reminders_due_mileage_check" CHECK ("reminders"."due_mileage" >= 0),
	CONSTRAINT "reminders_repeat_months_check" CHECK ("reminders"."repeat_months" between 1 and 120),
	CONSTRAINT "reminders_repeat_km_check" CHECK ("reminders"."repeat_km" between 1 and 1000000),
	CONSTRAINT "reminders_description_check" CHECK (char_length(btrim("reminders"."description")) between 1 and 500)
);
--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "reminder_id" integer;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminders" ADD CONSTRAINT "reminders_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reminders_vehicle_id_idx" ON "reminders" USING btree ("vehicle_id","id");--> statement-breakpoint
CREATE INDEX "reminders_open_due_date_idx" ON "reminders" USING btree ("due_date") WHERE "reminders"."status" = 'open';--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_reminder_id_reminders_id_fk" FOREIGN KEY ("reminder_id") REFERENCES "public"."reminders"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "services_reminder_id_idx" ON "services" USING btree ("reminder_id");