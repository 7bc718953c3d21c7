CREATE TABLE `goal_gift_allowances` (
	`holder` text NOT NULL,
	`year` integer NOT NULL,
	`cap_points` integer NOT NULL,
	`used_points` integer NOT NULL,
	PRIMARY KEY(`holder`, `year`),
	CONSTRAINT "goal_gift_allowances_within_cap" CHECK("goal_gift_allowances"."used_points" >= 0 AND "goal_gift_allowances"."used_points" <= "goal_gift_allowances"."cap_points")
);
--> statement-breakpoint
CREATE TABLE `goal_gifts` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`item_id` text NOT NULL,
	`points` integer NOT NULL,
	`transaction_id` text NOT NULL,
	`message` text NOT NULL,
	`given_at` integer NOT NULL,
	CONSTRAINT "goal_gifts_positive" CHECK("goal_gifts"."points" > 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `goal_gifts_once` ON `goal_gifts` (`member_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `goal_gifts_given` ON `goal_gifts` (`given_at`);--> statement-breakpoint
CREATE TABLE `member_goals` (
	`member_id` text PRIMARY KEY NOT NULL,
	`item_id` text NOT NULL,
	`saved_at` integer NOT NULL
);
