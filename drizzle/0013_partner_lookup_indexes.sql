CREATE INDEX `transactions_partner_id` ON `transactions` (`partner_id`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_partner_member` ON `transactions` (`partner_id`,`member_id`,`id`);--> statement-breakpoint
CREATE INDEX `transactions_partner_reference` ON `transactions` (`partner_id`,`external_reference`);