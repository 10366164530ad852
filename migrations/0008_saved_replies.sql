CREATE TABLE `saved_replies` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`department_id` text,
	`title` text NOT NULL,
	`shortcut` text NOT NULL,
	`texts` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`department_id`) REFERENCES `departments`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `saved_replies_account` ON `saved_replies` (`account_id`,`shortcut`);--> statement-breakpoint
CREATE INDEX `saved_replies_department` ON `saved_replies` (`department_id`);