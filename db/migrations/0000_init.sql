CREATE TYPE "public"."attachment_role" AS ENUM('source', 'sidecar', 'attachment');--> statement-breakpoint
CREATE TYPE "public"."channel" AS ENUM('email', 'digitalpost', 'scan');--> statement-breakpoint
CREATE TYPE "public"."destination_kind" AS ENUM('overdragelse', 'imap-folder', 'smtp', 'rest');--> statement-breakpoint
CREATE TYPE "public"."item_state" AS ENUM('received', 'extracted', 'classified', 'routed', 'delivered', 'accepted', 'rejected', 'parked', 'failed');--> statement-breakpoint
CREATE TYPE "public"."rule_set_status" AS ENUM('draft', 'published', 'retired');--> statement-breakpoint
CREATE TYPE "public"."stage" AS ENUM('ingest', 'extract', 'classify', 'route', 'deliver', 'park');--> statement-breakpoint
CREATE TYPE "public"."text_source" AS ENUM('plain', 'html', 'text-layer', 'ocr', 'none');--> statement-breakpoint
CREATE TABLE "attachments" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "attachments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" uuid NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"role" "attachment_role" NOT NULL,
	"name" text NOT NULL,
	"mime_type" text,
	"blob_sha256" text,
	"text_source" text_source,
	"size" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size" bigint NOT NULL,
	"mime_type" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "decisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" uuid NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"stage" "stage" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" jsonb NOT NULL,
	"reasons" jsonb NOT NULL,
	"rule_set_version" text,
	"rule_id" text
);
--> statement-breakpoint
CREATE TABLE "destinations" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"id" text NOT NULL,
	"name" text NOT NULL,
	"kind" "destination_kind" NOT NULL,
	"config" jsonb DEFAULT '{}'::jsonb NOT NULL,
	CONSTRAINT "destinations_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "item_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "item_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"item_id" uuid NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"stage" "stage" NOT NULL,
	"type" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"data" jsonb
);
--> statement-breakpoint
CREATE TABLE "items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"channel" "channel" NOT NULL,
	"state" "item_state" DEFAULT 'received' NOT NULL,
	"source" text NOT NULL,
	"file_name" text NOT NULL,
	"content_sha256" text NOT NULL,
	"size" bigint NOT NULL,
	"sidecar_sha256" text,
	"subject" text,
	"kle_nr" text,
	"kle_confidence" real,
	"destination" text,
	"error" jsonb,
	"extracted" jsonb,
	"received_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"state_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "items_tenant_content_source_uq" UNIQUE("tenant_id","content_sha256","source")
);
--> statement-breakpoint
CREATE TABLE "rule_sets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"version" text NOT NULL,
	"name" text NOT NULL,
	"status" "rule_set_status" DEFAULT 'draft' NOT NULL,
	"body" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text,
	"published_at" timestamp with time zone,
	CONSTRAINT "rule_sets_tenant_version_uq" UNIQUE("tenant_id","version")
);
--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attachments" ADD CONSTRAINT "attachments_blob_sha256_blobs_sha256_fk" FOREIGN KEY ("blob_sha256") REFERENCES "public"."blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_events" ADD CONSTRAINT "item_events_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attachments_item_idx" ON "attachments" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "attachments_blob_idx" ON "attachments" USING btree ("blob_sha256");--> statement-breakpoint
CREATE INDEX "decisions_item_idx" ON "decisions" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "item_events_item_idx" ON "item_events" USING btree ("item_id","id");--> statement-breakpoint
CREATE INDEX "items_tenant_state_changed_idx" ON "items" USING btree ("tenant_id","state","state_changed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "rule_sets_one_published_uq" ON "rule_sets" USING btree ("tenant_id") WHERE "rule_sets"."status" = 'published';