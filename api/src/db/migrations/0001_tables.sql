CREATE TABLE "customers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "customers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" varchar(120) NOT NULL,
	"email" varchar(254),
	"phone" varchar(32),
	"address" varchar(500),
	"notes" varchar(2000),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customers_name_check" CHECK (char_length(btrim("customers"."name")) between 1 and 120),
	CONSTRAINT "customers_email_check" CHECK ("customers"."email" like '_%@_%'),
	CONSTRAINT "customers_phone_check" CHECK ("customers"."phone" ~ '^[0-9 +()-]{3,32}$')
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"vehicle_id" integer NOT NULL,
	"description" varchar(2000) NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"scheduled_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp (3) with time zone,
	"cost" numeric(12, 2) DEFAULT 0 NOT NULL,
	"mileage" integer,
	"mechanic" varchar(120),
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "services_status_check" CHECK ("services"."status" in ('scheduled', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "services_completed_at_check" CHECK (("services"."status" = 'completed') = ("services"."completed_at" is not null)),
	CONSTRAINT "services_cost_check" CHECK ("services"."cost" >= 0),
	CONSTRAINT "services_mileage_check" CHECK ("services"."mileage" >= 0)
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "vehicles_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"customer_id" integer NOT NULL,
	"plate_number" varchar(20) NOT NULL,
	"make" varchar(60) NOT NULL,
	"model" varchar(60) NOT NULL,
	"year" smallint,
	"color" varchar(30),
	"vin" varchar(17),
	"mileage" integer,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "vehicles_plate_number_check" CHECK ("vehicles"."plate_number" = upper("vehicles"."plate_number") and "vehicles"."plate_number" <> ''),
	CONSTRAINT "vehicles_year_check" CHECK ("vehicles"."year" >= 1900),
	CONSTRAINT "vehicles_vin_check" CHECK ("vehicles"."vin" ~ '^[A-HJ-NPR-Z0-9]{17}$'),
	CONSTRAINT "vehicles_mileage_check" CHECK ("vehicles"."mileage" >= 0)
);
--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_vehicle_id_vehicles_id_fk" FOREIGN KEY ("vehicle_id") REFERENCES "public"."vehicles"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vehicles" ADD CONSTRAINT "vehicles_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "customers_email_key" ON "customers" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "customers_created_at_idx" ON "customers" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "customers_name_idx" ON "customers" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_email_trgm_idx" ON "customers" USING gin ("email" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_phone_trgm_idx" ON "customers" USING gin ("phone" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "services_vehicle_id_idx" ON "services" USING btree ("vehicle_id","created_at");--> statement-breakpoint
CREATE INDEX "services_created_at_idx" ON "services" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "services_scheduled_at_idx" ON "services" USING btree ("scheduled_at","id");--> statement-breakpoint
CREATE INDEX "services_status_scheduled_at_idx" ON "services" USING btree ("status","scheduled_at");--> statement-breakpoint
CREATE INDEX "services_completed_at_idx" ON "services" USING btree ("completed_at","cost") WHERE "services"."status" = 'completed';--> statement-breakpoint
CREATE INDEX "services_description_trgm_idx" ON "services" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "services_mechanic_trgm_idx" ON "services" USING gin ("mechanic" gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "vehicles_plate_number_key" ON "vehicles" USING btree ("plate_number");--> statement-breakpoint
CREATE INDEX "vehicles_customer_id_idx" ON "vehicles" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "vehicles_created_at_idx" ON "vehicles" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "vehicles_plate_number_trgm_idx" ON "vehicles" USING gin ("plate_number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vehicles_make_trgm_idx" ON "vehicles" USING gin ("make" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vehicles_model_trgm_idx" ON "vehicles" USING gin ("model" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "vehicles_vin_trgm_idx" ON "vehicles" USING gin ("vin" gin_trgm_ops);