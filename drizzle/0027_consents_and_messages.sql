CREATE TABLE `member_consents` (
	`member_id` text NOT NULL,
	`partner_id` text NOT NULL,
	`scope` text NOT NULL,
	`granted` integer NOT NULL,
	`decided_at` integer NOT NULL,
	PRIMARY KEY(`member_id`, `partner_id`, `scope`)
);
--> statement-breakpoint
CREATE INDEX `member_consents_partner` ON `member_consents` (`partner_id`,`member_id`);--> statement-breakpoint
CREATE TABLE `member_contact_settings` (
	`member_id` text PRIMARY KEY NOT NULL,
	`weekly_cap` integer,
	`quiet_from_minute` integer,
	`quiet_until_minute` integer,
	`time_zone` text,
	`revision` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "member_contact_settings_cap" CHECK("member_contact_settings"."weekly_cap" IS NULL OR "member_contact_settings"."weekly_cap" >= 0),
	CONSTRAINT "member_contact_settings_quiet_hours" CHECK(("member_contact_settings"."quiet_from_minute" IS NULL AND "member_contact_settings"."quiet_until_minute" IS NULL AND "member_contact_settings"."time_zone" IS NULL)
        OR ("member_contact_settings"."quiet_from_minute" BETWEEN 0 AND 1439 AND "member_contact_settings"."quiet_until_minute" BETWEEN 0 AND 1439
          AND "member_contact_settings"."quiet_from_minute" <> "member_contact_settings"."quiet_until_minute" AND "member_contact_settings"."time_zone" IS NOT NULL))
);
--> statement-breakpoint
CREATE TABLE `member_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`sender` text NOT NULL,
	`partner_id` text,
	`topic` text NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`action_label` text,
	`action_url` text,
	`counted` integer NOT NULL,
	`delivered_at` integer NOT NULL,
	`read_at` integer
);
--> statement-breakpoint
CREATE INDEX `member_messages_member` ON `member_messages` (`member_id`,`delivered_at`);--> statement-breakpoint
CREATE INDEX `member_messages_member_topic` ON `member_messages` (`member_id`,`topic`,`delivered_at`);--> statement-breakpoint
CREATE TABLE `member_topic_caps` (
	`member_id` text NOT NULL,
	`topic` text NOT NULL,
	`weekly_cap` integer NOT NULL,
	PRIMARY KEY(`member_id`, `topic`),
	CONSTRAINT "member_topic_caps_cap" CHECK("member_topic_caps"."weekly_cap" >= 0)
);
