CREATE TABLE "service_lines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"service_id" integer NOT NULL,
	"kind" text NOT NULL,
	"description" varchar(500) NOT NULL,
	"part_number" varchar(60),
	"quantity" numeric(12, 3) NOT NULL,
	"unit_price" numeric(12, 2) NOT NULL,
	"amount" numeric(14, 2) GENERATED ALWAYS AS (round("quantity" * "unit_price", 2)) STORED NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "service_lines_kind_check" CHECK ("service_lines"."kind" in ('part', 'labour', 'fee')),
	CONSTRAINT "service_lines_quantity_check" CHECK ("service_lines"."quantity" > 0),
	CONSTRAINT "service_lines_unit_price_check" CHECK ("service_lines"."unit_price" >= 0),
	CONSTRAINT "service_lines_description_check" CHECK (char_length(btrim("service_lines"."description")) between 1 and 500)
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"workshop_name" varchar(120) DEFAULT 'Bengkel' NOT NULL,
	"address" varchar(500),
	"phone" varchar(32),
	"email" varchar(254),
	"tax_id" varchar(40),
	"tax_rate" numeric(5, 4) DEFAULT 0.11 NOT NULL,
	"currency" varchar(3) DEFAULT 'IDR' NOT NULL,
	"invoice_prefix" varchar(10) DEFAULT 'INV' NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settings_one_row" CHECK ("settings"."id" = 1),
	CONSTRAINT "settings_tax_rate_check" CHECK ("settings"."tax_rate" between 0 and 1),
	CONSTRAINT "settings_currency_check" CHECK ("settings"."currency" ~ '^[A-Z]{3}$'),
	CONSTRAINT "settings_invoice_prefix_check" CHECK ("settings"."invoice_prefix" ~ '^[A-Z0-9]{1,10}$')
);
--> statement-breakpoint
ALTER TABLE "service_lines" ADD CONSTRAINT "service_lines_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "service_lines_service_id_idx" ON "service_lines" USING btree ("service_id","id");