CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'sent');--> statement-breakpoint
CREATE TABLE "deliveries" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"destination" text NOT NULL,
	"transaction_id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"attempts" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"receipt" jsonb,
	CONSTRAINT "deliveries_transaction_uq" UNIQUE("transaction_id")
);
--> statement-breakpoint
CREATE TABLE "source_checkpoints" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"source" text NOT NULL,
	"uid_validity" text NOT NULL,
	"last_uid" bigint NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "source_checkpoints_tenant_id_source_pk" PRIMARY KEY("tenant_id","source")
);
--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "message_id" text;--> statement-breakpoint
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "items_tenant_source_message_uq" ON "items" USING btree ("tenant_id","source","message_id") WHERE "items"."message_id" is not null;