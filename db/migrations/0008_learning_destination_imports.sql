CREATE TABLE "imported_examples" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imported_examples_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"external_id" text NOT NULL,
	"kle_nr" text NOT NULL,
	"destination" text,
	"sender_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"features" jsonb NOT NULL,
	"occurred_at" timestamp with time zone,
	"source_file" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "imported_examples_external_uq" UNIQUE("tenant_id","external_id")
);
--> statement-breakpoint
ALTER TABLE "confirmations" ALTER COLUMN "kle_nr" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "confirmations" ADD COLUMN "destination" text;--> statement-breakpoint
CREATE INDEX "imported_examples_tenant_idx" ON "imported_examples" USING btree ("tenant_id","occurred_at");