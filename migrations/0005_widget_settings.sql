ALTER TABLE `widgets` ADD `privacy_policy_labels` text;--> statement-breakpoint
ALTER TABLE `widgets` ADD `disclaimer_texts` text;--> statement-breakpoint
ALTER TABLE `widgets` ADD `pre_chat_name` text DEFAULT 'optional' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `pre_chat_email` text DEFAULT 'optional' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `accent_color` text DEFAULT '#1f4fd1' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `position` text DEFAULT 'right' NOT NULL;--> statement-breakpoint
ALTER TABLE `widgets` ADD `operator_names` text DEFAULT 'alias' NOT NULL;