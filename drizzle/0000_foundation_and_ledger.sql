CREATE TABLE `accounts` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`owner_id` text,
	`balance` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "accounts_kind" CHECK("accounts"."kind" IN ('wallet', 'issuance', 'redemption', 'promotions', 'breakage')),
	CONSTRAINT "wallet_never_negative" CHECK("accounts"."kind" <> 'wallet' OR "accounts"."balance" >= 0)
);
--> statement-breakpoint
CREATE TABLE `lot_draws` (
	`transfer_id` text NOT NULL,
	`lot_id` text NOT NULL,
	`issuer_partner_id` text NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`transfer_id`, `lot_id`),
	CONSTRAINT "lot_draws_points_positive" CHECK("lot_draws"."points" > 0)
);
--> statement-breakpoint
CREATE TABLE `lots` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`issuer_partner_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`points_original` integer NOT NULL,
	`points_remaining` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "lots_remaining_in_range" CHECK("lots"."points_remaining" >= 0 AND "lots"."points_remaining" <= "lots"."points_original")
);
--> statement-breakpoint
CREATE INDEX `lots_member_expiry` ON `lots` (`member_id`,`expires_at`);--> statement-breakpoint
CREATE TABLE `points_owed` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`creditor_partner_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`points_original` integer NOT NULL,
	`points_remaining` integer NOT NULL,
	`created_at` integer NOT NULL,
	CONSTRAINT "points_owed_in_range" CHECK("points_owed"."points_remaining" >= 0 AND "points_owed"."points_remaining" <= "points_owed"."points_original")
);
--> statement-breakpoint
CREATE INDEX `points_owed_member` ON `points_owed` (`member_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`sequence` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`kind` text NOT NULL,
	`debit_account_id` text NOT NULL,
	`credit_account_id` text NOT NULL,
	`points` integer NOT NULL,
	`partner_id` text,
	`reverses_transfer_id` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`debit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`credit_account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfers_points_positive" CHECK("transfers"."points" > 0),
	CONSTRAINT "transfers_distinct_accounts" CHECK("transfers"."debit_account_id" <> "transfers"."credit_account_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfers_id_unique` ON `transfers` (`id`);--> statement-breakpoint
CREATE INDEX `transfers_transaction` ON `transfers` (`transaction_id`);--> statement-breakpoint
CREATE TABLE `write_conflicts` (
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `members` (
	`id` text PRIMARY KEY NOT NULL,
	`external_reference` text,
	`enrolled_by_partner_id` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`enrolled_by_partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `members_external_reference_unique` ON `members` (`external_reference`);--> statement-breakpoint
CREATE TABLE `fx_snapshots` (
	`id` text PRIMARY KEY NOT NULL,
	`reference_currency` text NOT NULL,
	`as_of` integer NOT NULL,
	`rates` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `network_keys` (
	`kid` text PRIMARY KEY NOT NULL,
	`algorithm` text NOT NULL,
	`private_jwk` text NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`retired_at` integer
);
--> statement-breakpoint
CREATE TABLE `partner_keys` (
	`partner_id` text NOT NULL,
	`kid` text NOT NULL,
	`algorithm` text NOT NULL,
	`public_jwk` text NOT NULL,
	`created_at` integer NOT NULL,
	`removed_at` integer,
	PRIMARY KEY(`partner_id`, `kid`),
	FOREIGN KEY (`partner_id`) REFERENCES `partners`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `partners` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`sector` text NOT NULL,
	`country` text NOT NULL,
	`settlement_currency` text NOT NULL,
	`earn_rate` text NOT NULL,
	`issue_price` text NOT NULL,
	`redeem_rate` text NOT NULL,
	`category_multipliers` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "partners_status" CHECK("partners"."status" IN ('active', 'suspended'))
);
--> statement-breakpoint
CREATE TABLE `idempotency_records` (
	`partner_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status_code` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`member_id` text NOT NULL,
	`kind` text NOT NULL,
	`status` text NOT NULL,
	`amount_minor` integer,
	`currency` text,
	`fx_snapshot_id` text,
	`fx_rate` text,
	`earn_rate` text,
	`lines` text,
	`points` integer NOT NULL,
	`points_reversed` integer DEFAULT 0 NOT NULL,
	`amount_reversed_minor` integer DEFAULT 0 NOT NULL,
	`amount_captured_minor` integer,
	`points_captured` integer,
	`hold_expires_at` integer,
	`details` text,
	`external_reference` text,
	`original_transaction_id` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	CONSTRAINT "transactions_points_non_negative" CHECK("transactions"."points" >= 0),
	CONSTRAINT "transactions_reversal_bounded" CHECK("transactions"."points_reversed" >= 0 AND "transactions"."points_reversed" <= "transactions"."points"),
	CONSTRAINT "transactions_refund_bounded" CHECK("transactions"."amount_reversed_minor" >= 0 AND ("transactions"."amount_minor" IS NULL OR "transactions"."amount_reversed_minor" <= "transactions"."amount_minor"))
);
--> statement-breakpoint
CREATE INDEX `transactions_member_created` ON `transactions` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `transactions_partner_created` ON `transactions` (`partner_id`,`created_at`);