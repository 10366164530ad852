CREATE TABLE `consent_texts` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`widget_id` text NOT NULL,
	`language` text NOT NULL,
	`hash` text NOT NULL,
	`text` text NOT NULL,
	`built_in` integer DEFAULT false NOT NULL,
	`in_force_from` integer,
	`in_force_until` integer,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`widget_id`) REFERENCES `widgets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `consent_texts_hash` ON `consent_texts` (`account_id`,`hash`);--> statement-breakpoint
CREATE UNIQUE INDEX `consent_texts_in_force` ON `consent_texts` (`account_id`,`widget_id`,`language`,`hash`) WHERE in_force_until IS NULL;--> statement-breakpoint
CREATE TABLE `data_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`account_id` text NOT NULL,
	`kind` text NOT NULL,
	`email_bidx` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`received_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`extension_months` integer DEFAULT 0 NOT NULL,
	`extension_reason` text,
	`refusal_reason` text,
	`logged_by` text,
	`handled_by` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`account_id`) REFERENCES `accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `data_requests_account_due` ON `data_requests` (`account_id`,`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `data_requests_email` ON `data_requests` (`account_id`,`email_bidx`);--> statement-breakpoint
CREATE INDEX `data_requests_answered` ON `data_requests` (`answered_at`);--> statement-breakpoint
ALTER TABLE `accounts` ADD `data_request_retention_months` integer DEFAULT 36 NOT NULL;--> statement-breakpoint
CREATE INDEX `consent_receipts_hash` ON `consent_receipts` (`account_id`,`disclaimer_hash`);