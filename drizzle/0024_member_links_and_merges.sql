CREATE TABLE `member_links` (
	`external_reference` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`member_id` text NOT NULL,
	`linked_at` integer NOT NULL,
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_links_member` ON `member_links` (`member_id`);--> statement-breakpoint
-- Qualifying credits gain a source, `merge`: the CHECK is widened by rebuilding the table (nothing
-- references it). Its triggers go with the old table and are created again below, unchanged.
CREATE TABLE `__new_qualifying_credits` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`partner_id` text,
	`credits` integer NOT NULL,
	`qualifying_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "qualifying_credits_not_zero" CHECK("__new_qualifying_credits"."credits" <> 0),
	CONSTRAINT "qualifying_credits_source" CHECK("__new_qualifying_credits"."source" IN ('earn', 'refund', 'gap_gift', 'merge'))
);
--> statement-breakpoint
INSERT INTO `__new_qualifying_credits`("id", "member_id", "source", "source_id", "partner_id", "credits", "qualifying_at", "created_at") SELECT "id", "member_id", "source", "source_id", "partner_id", "credits", "qualifying_at", "created_at" FROM `qualifying_credits`;--> statement-breakpoint
DROP TABLE `qualifying_credits`;--> statement-breakpoint
ALTER TABLE `__new_qualifying_credits` RENAME TO `qualifying_credits`;--> statement-breakpoint
CREATE INDEX `qualifying_credits_member` ON `qualifying_credits` (`member_id`,`qualifying_at`);--> statement-breakpoint
CREATE INDEX `qualifying_credits_source_id` ON `qualifying_credits` (`source_id`);--> statement-breakpoint
CREATE TRIGGER qualifying_credits_no_update BEFORE UPDATE ON qualifying_credits
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER qualifying_credits_no_delete BEFORE DELETE ON qualifying_credits
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER qualifying_credits_no_replace BEFORE INSERT ON qualifying_credits
WHEN EXISTS (SELECT 1 FROM qualifying_credits WHERE id = NEW.id)
BEGIN
  SELECT RAISE(ABORT, 'qualifying credits are immutable');
END;
--> statement-breakpoint
CREATE TRIGGER qualifying_months_follow_credits AFTER INSERT ON qualifying_credits
BEGIN
  INSERT INTO qualifying_months (member_id, month, credits)
  SELECT NEW.member_id, strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch'), 0
  WHERE NOT EXISTS (
    SELECT 1 FROM qualifying_months
    WHERE member_id = NEW.member_id AND month = strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch')
  );
  UPDATE qualifying_months SET credits = credits + NEW.credits
  WHERE member_id = NEW.member_id AND month = strftime('%Y-%m', NEW.qualifying_at / 1000, 'unixepoch');
END;
