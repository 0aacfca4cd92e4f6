CREATE TABLE "row_counts" (
	"table_name" text PRIMARY KEY NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "row_counts_n_check" CHECK ("row_counts"."n" >= 0)
);
