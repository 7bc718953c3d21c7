CREATE TABLE `gap_gifts` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`tier` text NOT NULL,
	`window_start` integer NOT NULL,
	`credits` integer NOT NULL,
	`points` integer NOT NULL,
	`transaction_id` text,
	`message` text NOT NULL,
	`given_at` integer NOT NULL,
	CONSTRAINT "gap_gifts_positive" CHECK("gap_gifts"."credits" > 0 AND "gap_gifts"."points" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gap_gifts_once` ON `gap_gifts` (`member_id`,`tier`,`window_start`);--> statement-breakpoint
CREATE INDEX `gap_gifts_given` ON `gap_gifts` (`given_at`);--> statement-breakpoint
CREATE TABLE `gratitude_allowances` (
	`holder` text NOT NULL,
	`year` integer NOT NULL,
	`cap_credits` integer NOT NULL,
	`used_credits` integer NOT NULL,
	PRIMARY KEY(`holder`, `year`),
	CONSTRAINT "gratitude_allowances_within_cap" CHECK("gratitude_allowances"."used_credits" >= 0 AND "gratitude_allowances"."used_credits" <= "gratitude_allowances"."cap_credits")
);
--> statement-breakpoint
CREATE TABLE `member_status` (
	`member_id` text PRIMARY KEY NOT NULL,
	`tier` text,
	`basis` text DEFAULT 'none' NOT NULL,
	`valid_until` integer,
	`since` integer,
	`explanation` text DEFAULT '' NOT NULL,
	`reviewed_at` integer NOT NULL,
	`next_review_at` integer,
	`notice_sent_for` integer,
	`version` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `member_status_due` ON `member_status` (`next_review_at`) WHERE "member_status"."next_review_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `member_status_tier` ON `member_status` (`tier`);--> statement-breakpoint
CREATE TABLE `qualifying_credits` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`source` text NOT NULL,
	`source_id` text NOT NULL,
	`partner_id` text,
	`credits` integer NOT NULL,
	`qualifying_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "qualifying_credits_not_zero" CHECK("qualifying_credits"."credits" <> 0),
	CONSTRAINT "qualifying_credits_source" CHECK("qualifying_credits"."source" IN ('earn', 'refund', 'gap_gift'))
);
--> statement-breakpoint
CREATE INDEX `qualifying_credits_member` ON `qualifying_credits` (`member_id`,`qualifying_at`);--> statement-breakpoint
CREATE INDEX `qualifying_credits_source_id` ON `qualifying_credits` (`source_id`);--> statement-breakpoint
CREATE TABLE `qualifying_months` (
	`member_id` text NOT NULL,
	`month` text NOT NULL,
	`credits` integer NOT NULL,
	PRIMARY KEY(`member_id`, `month`),
	CONSTRAINT "qualifying_months_never_negative" CHECK("qualifying_months"."credits" >= 0)
);
--> statement-breakpoint
CREATE TABLE `status_challenges` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`tier` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`target_credits` integer NOT NULL,
	`reason` text NOT NULL,
	`granted_by` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "status_challenges_sane" CHECK("status_challenges"."ends_at" > "status_challenges"."starts_at" AND "status_challenges"."target_credits" >= 0)
);
--> statement-breakpoint
CREATE INDEX `status_challenges_member` ON `status_challenges` (`member_id`);--> statement-breakpoint
CREATE TABLE `status_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`from_tier` text,
	`to_tier` text,
	`valid_until` integer,
	`basis` text NOT NULL,
	`cause` text NOT NULL,
	`explanation` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `status_changes_member` ON `status_changes` (`member_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `tier_ladders` (
	`id` text PRIMARY KEY NOT NULL,
	`effective_from` integer NOT NULL,
	`tiers` text NOT NULL,
	`published_by` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tier_ladders_effective` ON `tier_ladders` (`effective_from`,`id`);--> statement-breakpoint
ALTER TABLE `partners` ADD `qualifying_credits_per_point` text DEFAULT '1' NOT NULL;