CREATE TABLE `pool_invites` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`pool_id` text NOT NULL,
	`created_by_member_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`used_by_member_id` text,
	`used_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `pool_members` (
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
	CONSTRAINT "pool_members_pledge_within_cap" CHECK("pool_members"."pledge_cap_points" IS NULL OR ("pool_members"."pledge_cap_points" >= 0 AND "pool_members"."pledge_used_points" <= "pool_members"."pledge_cap_points")),
	CONSTRAINT "pool_members_monthly_limit" CHECK("pool_members"."monthly_limit_points" IS NULL OR "pool_members"."monthly_limit_points" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `pool_members_active` ON `pool_members` (`pool_id`,`member_id`) WHERE "pool_members"."left_at" IS NULL;--> statement-breakpoint
CREATE INDEX `pool_members_member` ON `pool_members` (`member_id`);--> statement-breakpoint
CREATE TABLE `pool_monthly_usage` (
	`pool_id` text NOT NULL,
	`member_id` text NOT NULL,
	`month` text NOT NULL,
	`points` integer NOT NULL,
	PRIMARY KEY(`pool_id`, `member_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `pool_redemptions` (
	`pool_id` text NOT NULL,
	`transaction_id` text NOT NULL,
	`redeemer_member_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`points` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`pool_id`, `transaction_id`)
);
--> statement-breakpoint
CREATE INDEX `pool_redemptions_recent` ON `pool_redemptions` (`pool_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `pools` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`owner_member_id` text NOT NULL,
	`draw_policy` text NOT NULL,
	`created_at` integer NOT NULL,
	`dissolved_at` integer,
	CONSTRAINT "pools_kind" CHECK("pools"."kind" IN ('household', 'friends')),
	CONSTRAINT "pools_draw_policy" CHECK("pools"."draw_policy" IN ('soonest_expiring', 'proportional'))
);
--> statement-breakpoint
CREATE INDEX `fx_snapshots_newest` ON `fx_snapshots` (`as_of`,`id`);