-- The open ledger: a table of the registry's kinds, a unit price on every transfer, transactions
-- without a partner, Idempotency-Keys scoped by principal, pool memberships of enrolled members.
CREATE TABLE `ledger_kinds` (
	`scope` text NOT NULL,
	`kind` text NOT NULL,
	`debit_account_kind` text,
	`credit_account_kind` text,
	`priced` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`scope`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `__new_idempotency_records` (
	`principal_kind` text NOT NULL,
	`principal_id` text NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status_code` integer NOT NULL,
	`response_body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`principal_kind`, `principal_id`, `key`)
);
--> statement-breakpoint
INSERT INTO `__new_idempotency_records`("principal_kind", "principal_id", "key", "request_hash", "status_code", "response_body", "created_at") SELECT 'partner', "partner_id", "key", "request_hash", "status_code", "response_body", "created_at" FROM `idempotency_records`;--> statement-breakpoint
DROP TABLE `idempotency_records`;--> statement-breakpoint
ALTER TABLE `__new_idempotency_records` RENAME TO `idempotency_records`;--> statement-breakpoint
CREATE TABLE `__new_transactions` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text,
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
	`details` text NOT NULL,
	`external_reference` text,
	`original_transaction_id` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	CONSTRAINT "transactions_points_non_negative" CHECK("__new_transactions"."points" >= 0),
	CONSTRAINT "transactions_reversal_bounded" CHECK("__new_transactions"."points_reversed" >= 0 AND "__new_transactions"."points_reversed" <= "__new_transactions"."points"),
	CONSTRAINT "transactions_refund_bounded" CHECK("__new_transactions"."amount_reversed_minor" >= 0 AND ("__new_transactions"."amount_minor" IS NULL OR "__new_transactions"."amount_reversed_minor" <= "__new_transactions"."amount_minor"))
);
--> statement-breakpoint
INSERT INTO `__new_transactions`("id", "partner_id", "member_id", "kind", "status", "amount_minor", "currency", "fx_snapshot_id", "fx_rate", "earn_rate", "lines", "points", "points_reversed", "amount_reversed_minor", "amount_captured_minor", "points_captured", "hold_expires_at", "details", "external_reference", "original_transaction_id", "idempotency_key", "created_at", "resolved_at") SELECT "id", "partner_id", "member_id", "kind", "status", "amount_minor", "currency", "fx_snapshot_id", "fx_rate", "earn_rate", "lines", "points", "points_reversed", "amount_reversed_minor", "amount_captured_minor", "points_captured", "hold_expires_at", "details", "external_reference", "original_transaction_id", "idempotency_key", "created_at", "resolved_at" FROM `transactions`;--> statement-breakpoint
DROP TABLE `transactions`;--> statement-breakpoint
ALTER TABLE `__new_transactions` RENAME TO `transactions`;--> statement-breakpoint
CREATE INDEX `transactions_member_created` ON `transactions` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `transactions_partner_created` ON `transactions` (`partner_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `transfers` ADD `unit_price` text;--> statement-breakpoint
CREATE TABLE `__new_pool_members` (
	`id` text PRIMARY KEY NOT NULL,
	`pool_id` text NOT NULL,
	`member_id` text NOT NULL,
	`role` text NOT NULL,
	`pledge_cap_points` integer,
	`pledge_used_points` integer DEFAULT 0 NOT NULL,
	`may_redeem` integer NOT NULL,
	`monthly_limit_points` integer,
	`joined_at` integer NOT NULL,
	`left_at` integer,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "pool_members_pledge_within_cap" CHECK("__new_pool_members"."pledge_cap_points" IS NULL OR ("__new_pool_members"."pledge_cap_points" >= 0 AND "__new_pool_members"."pledge_used_points" <= "__new_pool_members"."pledge_cap_points")),
	CONSTRAINT "pool_members_monthly_limit" CHECK("__new_pool_members"."monthly_limit_points" IS NULL OR "__new_pool_members"."monthly_limit_points" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_pool_members`("id", "pool_id", "member_id", "role", "pledge_cap_points", "pledge_used_points", "may_redeem", "monthly_limit_points", "joined_at", "left_at") SELECT "id", "pool_id", "member_id", "role", "pledge_cap_points", "pledge_used_points", "may_redeem", "monthly_limit_points", "joined_at", "left_at" FROM `pool_members`;--> statement-breakpoint
DROP TABLE `pool_members`;--> statement-breakpoint
ALTER TABLE `__new_pool_members` RENAME TO `pool_members`;--> statement-breakpoint
CREATE UNIQUE INDEX `pool_members_active` ON `pool_members` (`pool_id`,`member_id`) WHERE "pool_members"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX `pool_members_member` ON `pool_members` (`member_id`);