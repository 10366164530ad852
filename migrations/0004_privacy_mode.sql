CREATE TABLE `page_views` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`conversation_id` text NOT NULL,
	`url_enc` text NOT NULL,
	`viewed_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `page_views_conversation` ON `page_views` (`conversation_id`,`viewed_at`);--> statement-breakpoint
ALTER TABLE `conversations` ADD `privacy_mode` integer DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_ip_enc` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_user_agent_enc` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `visitor_referrer_enc` text;--> statement-breakpoint
ALTER TABLE `conversations` ADD `identity_lookup` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `identity_lookup` integer DEFAULT false NOT NULL;