CREATE TABLE `partner_terms_history` (
	`partner_id` text NOT NULL,
	`from_sequence` integer NOT NULL,
	`issue_price` text NOT NULL,
	`redeem_rate` text NOT NULL,
	PRIMARY KEY(`partner_id`, `from_sequence`)
);
--> statement-breakpoint
CREATE TABLE `settlement_adjustments` (
	`id` text PRIMARY KEY NOT NULL,
	`partner_id` text NOT NULL,
	`dispute_id` text NOT NULL,
	`direction` text NOT NULL,
	`amount_reference` text NOT NULL,
	`points` integer,
	`note` text NOT NULL,
	`created_at` integer NOT NULL,
	`applied_settlement_id` text,
	CONSTRAINT "settlement_adjustments_direction" CHECK("settlement_adjustments"."direction" IN ('credit', 'debit'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlement_adjustments_dispute_id_unique` ON `settlement_adjustments` (`dispute_id`);--> statement-breakpoint
CREATE INDEX `settlement_adjustments_pending` ON `settlement_adjustments` (`applied_settlement_id`);--> statement-breakpoint
CREATE TABLE `settlement_disputes` (
	`id` text PRIMARY KEY NOT NULL,
	`settlement_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`transfer_ids` text NOT NULL,
	`reason` text NOT NULL,
	`status` text NOT NULL,
	`resolution_note` text,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	CONSTRAINT "settlement_disputes_status" CHECK("settlement_disputes"."status" IN ('open', 'accepted', 'rejected'))
);
--> statement-breakpoint
CREATE INDEX `settlement_disputes_statement` ON `settlement_disputes` (`settlement_id`,`partner_id`);--> statement-breakpoint
CREATE TABLE `settlement_flows` (
	`issuer_partner_id` text NOT NULL,
	`counterparty_id` text NOT NULL,
	`kind` text NOT NULL,
	`points` integer NOT NULL,
	`draws` integer NOT NULL,
	PRIMARY KEY(`issuer_partner_id`, `counterparty_id`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `settlement_payments` (
	`settlement_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`reference` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`paid_at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	PRIMARY KEY(`settlement_id`, `partner_id`, `reference`),
	CONSTRAINT "settlement_payments_positive" CHECK("settlement_payments"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE `settlement_statements` (
	`settlement_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`currency` text NOT NULL,
	`net_minor` integer NOT NULL,
	`document` text NOT NULL,
	`signature` text NOT NULL,
	`acknowledged_at` integer,
	PRIMARY KEY(`settlement_id`, `partner_id`)
);
--> statement-breakpoint
CREATE INDEX `settlement_statements_partner` ON `settlement_statements` (`partner_id`);--> statement-breakpoint
CREATE TABLE `settlement_totals` (
	`partner_id` text NOT NULL,
	`kind` text NOT NULL,
	`unit_price` text NOT NULL,
	`points` integer NOT NULL,
	`transfers` integer NOT NULL,
	`wallet_points` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `kind`, `unit_price`)
);
--> statement-breakpoint
CREATE TABLE `settlements` (
	`id` text PRIMARY KEY NOT NULL,
	`number` integer NOT NULL,
	`previous_settlement_id` text,
	`from_sequence` integer NOT NULL,
	`to_sequence` integer NOT NULL,
	`fx_snapshot_id` text NOT NULL,
	`closed_at` integer NOT NULL,
	`cumulative` text NOT NULL,
	`document` text NOT NULL,
	`signature` text NOT NULL,
	CONSTRAINT "settlements_range" CHECK("settlements"."to_sequence" >= "settlements"."from_sequence" AND "settlements"."from_sequence" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `settlements_number_unique` ON `settlements` (`number`);