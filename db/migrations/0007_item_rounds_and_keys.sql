-- Delivery rounds on items and decisions, idempotent (keyed) events, and the `receipt` stage.
ALTER TYPE "public"."stage" ADD VALUE 'receipt';--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "item_events" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "round" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
-- An item that was re-distributed before rounds lived on the item is in its newest delivery's round.
UPDATE "items" SET "round" = d."round" FROM (SELECT "item_id", max("round") AS "round" FROM "deliveries" GROUP BY "item_id") d WHERE d."item_id" = "items"."id" AND d."round" > 1;--> statement-breakpoint
-- One decision per item, stage and round: of earlier repeats only the newest stays (the events keep the history).
DELETE FROM "decisions" older USING "decisions" newer WHERE older."item_id" = newer."item_id" AND older."stage" = newer."stage" AND older."round" = newer."round" AND older."id" < newer."id";--> statement-breakpoint
CREATE UNIQUE INDEX "item_events_item_key_uq" ON "item_events" USING btree ("item_id","key") WHERE "item_events"."key" is not null;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_item_stage_round_uq" UNIQUE("item_id","stage","round");
--> statement-breakpoint
-- Rest postings were keyed by the delivery round (0 before any delivery); they follow the item's round now (1 or more).
UPDATE "rest_postings" SET "round" = 1 WHERE "round" = 0 AND NOT EXISTS (SELECT 1 FROM "rest_postings" p WHERE p."item_id" = "rest_postings"."item_id" AND p."round" = 1);
