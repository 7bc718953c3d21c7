CREATE TABLE `event_recipients` (
	`kind` text NOT NULL,
	`recipient_id` text NOT NULL,
	`position` integer NOT NULL,
	PRIMARY KEY(`kind`, `recipient_id`, `position`)
);
--> statement-breakpoint
CREATE TABLE `events` (
	`position` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`type` text NOT NULL,
	`version` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`sequence` integer,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `events_id_unique` ON `events` (`id`);--> statement-breakpoint
CREATE INDEX `events_occurred` ON `events` (`occurred_at`);--> statement-breakpoint
ALTER TABLE `lots` ADD `expiry_notice_at` integer;--> statement-breakpoint
CREATE INDEX `lots_live_by_expiry` ON `lots` (`expires_at`) WHERE "lots"."points_remaining" > 0;