CREATE TABLE `pay_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`code_hash` text NOT NULL,
	`partner_id` text,
	`max_points` integer,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`transaction_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pay_codes_code_hash_unique` ON `pay_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `pay_codes_member` ON `pay_codes` (`member_id`);