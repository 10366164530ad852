CREATE TABLE `conversation_tags` (
	`conversation_id` text NOT NULL,
	`account_id` text NOT NULL,
	`tag` text NOT NULL,
	PRIMARY KEY(`conversation_id`, `tag`),
	FOREIGN KEY (`conversation_id`) REFERENCES `conversations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `conversation_tags_lookup` ON `conversation_tags` (`account_id`,`tag`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `retention_months` integer;--> statement-breakpoint
ALTER TABLE `accounts` ADD `pseudonymous_analytics` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `conversations` ADD `rating` integer;--> statement-breakpoint
ALTER TABLE `widgets` ADD `retention_months` integer;