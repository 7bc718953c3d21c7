CREATE TABLE `settlement_money_totals` (
	`partner_id` text NOT NULL,
	`kind` text NOT NULL,
	`currency` text NOT NULL,
	`amount_minor` integer NOT NULL,
	`movements` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `kind`, `currency`)
);
--> statement-breakpoint
CREATE TABLE `catalogue_items` (
	`id` text PRIMARY KEY NOT NULL,
	`fulfiller_partner_id` text,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`description` text NOT NULL,
	`place` text,
	`starts_at` integer,
	`stock` integer NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	`points_price` integer NOT NULL,
	`settlement_price` text NOT NULL,
	`available_from` integer NOT NULL,
	`available_until` integer NOT NULL,
	`eligibility` text NOT NULL,
	`status` text NOT NULL,
	`review_note` text,
	`reviewed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "catalogue_items_kind" CHECK("catalogue_items"."kind" IN ('experience', 'voucher', 'product')),
	CONSTRAINT "catalogue_items_status" CHECK("catalogue_items"."status" IN ('pending', 'approved', 'rejected', 'withdrawn')),
	CONSTRAINT "catalogue_items_stock" CHECK("catalogue_items"."reserved" >= 0 AND "catalogue_items"."reserved" <= "catalogue_items"."stock"),
	CONSTRAINT "catalogue_items_price" CHECK("catalogue_items"."points_price" > 0),
	CONSTRAINT "catalogue_items_window" CHECK("catalogue_items"."available_from" < "catalogue_items"."available_until")
);
--> statement-breakpoint
CREATE INDEX `catalogue_items_fulfiller` ON `catalogue_items` (`fulfiller_partner_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `catalogue_items_status` ON `catalogue_items` (`status`,`available_until`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`member_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`fulfiller_partner_id` text,
	`points` integer NOT NULL,
	`settlement_price` text NOT NULL,
	`unit_price` text NOT NULL,
	`selection_id` text,
	`status` text NOT NULL,
	`lapses_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`resolved_at` integer,
	`resolved_by` text,
	FOREIGN KEY (`item_id`) REFERENCES `catalogue_items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reservations_status" CHECK("reservations"."status" IN ('reserved', 'fulfilled', 'cancelled', 'lapsed')),
	CONSTRAINT "reservations_points" CHECK("reservations"."points" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reservations_transaction_id_unique` ON `reservations` (`transaction_id`);--> statement-breakpoint
CREATE INDEX `reservations_member` ON `reservations` (`member_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `reservations_fulfiller` ON `reservations` (`fulfiller_partner_id`,`status`);--> statement-breakpoint
CREATE INDEX `reservations_lapsing` ON `reservations` (`lapses_at`) WHERE "reservations"."status" = 'reserved';--> statement-breakpoint
CREATE INDEX `reservations_selection` ON `reservations` (`selection_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `gift_card_guesses` (
	`partner_id` text NOT NULL,
	`hour` integer NOT NULL,
	`failures` integer NOT NULL,
	PRIMARY KEY(`partner_id`, `hour`)
);
--> statement-breakpoint
CREATE TABLE `gift_card_movements` (
	`id` text PRIMARY KEY NOT NULL,
	`gift_card_id` text NOT NULL,
	`kind` text NOT NULL,
	`partner_id` text,
	`amount_minor` integer NOT NULL,
	`currency` text NOT NULL,
	`refunded_minor` integer DEFAULT 0 NOT NULL,
	`spend_id` text,
	`external_reference` text,
	`idempotency_key` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`gift_card_id`) REFERENCES `gift_cards`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "gift_card_movements_kind" CHECK("gift_card_movements"."kind" IN ('issue', 'spend', 'refund', 'expiry')),
	CONSTRAINT "gift_card_movements_amount" CHECK("gift_card_movements"."amount_minor" > 0),
	CONSTRAINT "gift_card_movements_refunds" CHECK("gift_card_movements"."refunded_minor" >= 0 AND "gift_card_movements"."refunded_minor" <= "gift_card_movements"."amount_minor")
);
--> statement-breakpoint
CREATE INDEX `gift_card_movements_card` ON `gift_card_movements` (`gift_card_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `gift_card_movements_partner` ON `gift_card_movements` (`partner_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `gift_cards` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`currency` text NOT NULL,
	`issued_minor` integer NOT NULL,
	`balance_minor` integer NOT NULL,
	`code_hash` text,
	`code_hint` text,
	`selection_id` text,
	`transaction_id` text NOT NULL,
	`points` integer NOT NULL,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	CONSTRAINT "gift_cards_balance" CHECK("gift_cards"."balance_minor" >= 0 AND "gift_cards"."balance_minor" <= "gift_cards"."issued_minor")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `gift_cards_code_hash_unique` ON `gift_cards` (`code_hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `gift_cards_one_per_selection` ON `gift_cards` (`selection_id`,`member_id`) WHERE "gift_cards"."selection_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `gift_cards_member` ON `gift_cards` (`member_id`);--> statement-breakpoint
CREATE TABLE `selection_members` (
	`selection_id` text NOT NULL,
	`member_id` text NOT NULL,
	`invited_at` integer NOT NULL,
	`outcome` text,
	`gift_card_id` text,
	`points_converted` integer,
	`decided_at` integer,
	PRIMARY KEY(`selection_id`, `member_id`),
	CONSTRAINT "selection_members_outcome" CHECK("selection_members"."outcome" IS NULL OR "selection_members"."outcome" IN ('chose', 'gift_card', 'nothing'))
);
--> statement-breakpoint
CREATE INDEX `selection_members_member` ON `selection_members` (`member_id`);--> statement-breakpoint
CREATE INDEX `selection_members_undecided` ON `selection_members` (`selection_id`,`member_id`) WHERE "selection_members"."outcome" IS NULL;--> statement-breakpoint
CREATE TABLE `selections` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`cohort` text NOT NULL,
	`gift_card_share` text NOT NULL,
	`opens_at` integer NOT NULL,
	`closes_at` integer NOT NULL,
	`status` text NOT NULL,
	`fx_snapshot_id` text,
	`created_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`closed_at` integer,
	CONSTRAINT "selections_status" CHECK("selections"."status" IN ('open', 'closing', 'closed')),
	CONSTRAINT "selections_window" CHECK("selections"."opens_at" < "selections"."closes_at")
);
