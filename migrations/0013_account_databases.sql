CREATE TABLE `account_databases` (
	`account_id` text PRIMARY KEY NOT NULL,
	`binding` text NOT NULL,
	`placed_at` integer NOT NULL
);
--> statement-breakpoint
-- Every account that exists when this runs lives in this database. Every database gets this
-- migration: in the directory database (DB) it places the existing accounts there; a new, empty
-- database has none to place.
INSERT INTO `account_databases` (`account_id`, `binding`, `placed_at`) SELECT `id`, 'DB', CAST(strftime('%s','now') AS INTEGER) * 1000 FROM `accounts`;
