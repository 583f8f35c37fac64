CREATE TABLE `console_role_grants` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`roles` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`actor` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `console_sessions_expires` ON `console_sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `console_sign_in_failures` (
	`minute` text PRIMARY KEY NOT NULL,
	`failures` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `console_sign_in_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`operator` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text
);
