CREATE TYPE "public"."confirmation_source" AS ENUM('redistribution', 'accepted_receipt', 'manual');--> statement-breakpoint
CREATE TABLE "classifier_models" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "classifier_models_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"examples" bigint NOT NULL,
	"checksum" text NOT NULL,
	"model" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "confirmations" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"kle_nr" text NOT NULL,
	"source" "confirmation_source" NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sender_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"case_numbers" text[] DEFAULT '{}'::text[] NOT NULL
);
--> statement-breakpoint
ALTER TABLE "confirmations" ADD CONSTRAINT "confirmations_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "classifier_models_tenant_idx" ON "classifier_models" USING btree ("tenant_id","id");--> statement-breakpoint
CREATE INDEX "confirmations_tenant_idx" ON "confirmations" USING btree ("tenant_id","confirmed_at");