CREATE TABLE "erasures" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "erasures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" text NOT NULL,
	"basis" text NOT NULL,
	"item_count" integer NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "legal_holds" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "legal_holds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"item_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"placed_by" text NOT NULL,
	"placed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "legal_holds_item_uq" UNIQUE("tenant_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "webhook_cursors" (
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"subscriber" text NOT NULL,
	"last_event_id" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "webhook_cursors_tenant_id_subscriber_pk" PRIMARY KEY("tenant_id","subscriber")
);
--> statement-breakpoint
CREATE TABLE "webhook_deliveries" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "webhook_deliveries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"tenant_id" text DEFAULT 'default' NOT NULL,
	"subscriber" text NOT NULL,
	"event_id" bigint NOT NULL,
	"payload" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "webhook_deliveries_event_uq" UNIQUE("tenant_id","subscriber","event_id")
);
--> statement-breakpoint
ALTER TABLE "legal_holds" ADD CONSTRAINT "legal_holds_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "erasures_tenant_at_idx" ON "erasures" USING btree ("tenant_id","at");--> statement-breakpoint
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries" USING btree ("tenant_id","status","next_attempt_at");--> statement-breakpoint
-- Custom: the Danish text-search document of an item (subject, body, attachment texts; the first 200,000
-- characters, so a huge text can never exceed tsvector's 1 MB and fail the write), kept by a trigger when
-- subject or extracted text change, and a GIN index over it. Not declared in db/schema-core.ts on purpose:
-- item reads select every declared column, and none needs this one (db/item-search.ts names it in SQL).
ALTER TABLE "items" ADD COLUMN "search_vector" tsvector;--> statement-breakpoint
CREATE FUNCTION "items_search_vector"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search_vector := to_tsvector('danish', left(
    coalesce(NEW.subject, '') || ' ' || coalesce(NEW.extracted ->> 'body', '') || ' ' ||
    coalesce((select string_agg(t, ' ') from jsonb_array_elements_text(jsonb_path_query_array(NEW.extracted, '$.attachments[*].text')) as t), ''),
    200000));
  RETURN NEW;
END;
$$;--> statement-breakpoint
CREATE TRIGGER "items_search_vector_trg" BEFORE INSERT OR UPDATE OF "subject", "extracted" ON "items" FOR EACH ROW EXECUTE FUNCTION "items_search_vector"();--> statement-breakpoint
UPDATE "items" SET "subject" = "subject";--> statement-breakpoint
CREATE INDEX "items_search_idx" ON "items" USING gin ("search_vector");
