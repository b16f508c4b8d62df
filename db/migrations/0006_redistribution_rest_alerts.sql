CREATE TABLE "alerts" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "alerts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"item_id" uuid,
	"message" text NOT NULL,
	"data" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"mailed_at" timestamp with time zone,
	CONSTRAINT "alerts_key_uq" UNIQUE("tenant_id","key")
);
--> statement-breakpoint
CREATE TABLE "redistributions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "redistributions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"item_id" uuid NOT NULL,
	"from_destination" text,
	"to_destination" text NOT NULL,
	"kle_nr" text,
	"by" text NOT NULL,
	"via" text NOT NULL,
	"source_ref" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "redistributions_source_ref_uq" UNIQUE("source_ref")
);
--> statement-breakpoint
CREATE TABLE "rest_postings" (
	"item_id" uuid NOT NULL,
	"round" bigint NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"mailbox" text NOT NULL,
	"message_id" text NOT NULL,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rest_postings_item_id_round_pk" PRIMARY KEY("item_id","round")
);
--> statement-breakpoint
-- Round 1 of every existing handover keeps its transaction id; the item id alone is no longer the key.
ALTER TABLE "deliveries" DROP CONSTRAINT "deliveries_pkey";--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "id" bigint PRIMARY KEY NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1);--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "round" bigint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "deliveries" ADD COLUMN "receipt_alerted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "redistributions" ADD CONSTRAINT "redistributions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rest_postings" ADD CONSTRAINT "rest_postings_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alerts_pending_idx" ON "alerts" USING btree ("tenant_id","mailed_at");--> statement-breakpoint
CREATE INDEX "redistributions_item_idx" ON "redistributions" USING btree ("item_id","at");--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_item_round_uq" UNIQUE("item_id","round");