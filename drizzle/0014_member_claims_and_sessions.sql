CREATE TABLE `claim_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`code_hash` text NOT NULL,
	`member_id` text NOT NULL,
	`key_id` text NOT NULL,
	`issued_by` text NOT NULL,
	`issuer_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `claim_codes_code_hash_unique` ON `claim_codes` (`code_hash`);--> statement-breakpoint
CREATE INDEX `claim_codes_member` ON `claim_codes` (`member_id`);--> statement-breakpoint
CREATE TABLE `guess_attempts` (
	`bucket` text NOT NULL,
	`window_start` integer NOT NULL,
	`attempts` integer NOT NULL,
	PRIMARY KEY(`bucket`, `window_start`)
);
--> statement-breakpoint
CREATE TABLE `member_profiles` (
	`member_id` text PRIMARY KEY NOT NULL,
	`display_name` text,
	`email` text,
	`phone` text,
	`locale` text,
	`home_country` text,
	`postal_area` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `member_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`method` text NOT NULL,
	`passkey_id` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`refreshed_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE INDEX `member_sessions_member` ON `member_sessions` (`member_id`);--> statement-breakpoint
CREATE TABLE `refresh_tokens` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`session_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `refresh_tokens_session` ON `refresh_tokens` (`session_id`);--> statement-breakpoint
ALTER TABLE `members` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `members` ADD `claimed_at` integer;--> statement-breakpoint
ALTER TABLE `members` ADD `merged_into_member_id` text;--> statement-breakpoint
ALTER TABLE `members` ADD `erased_at` integer;