CREATE TABLE `upstream_calls` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`tenant_id` text NOT NULL,
	`system` text NOT NULL,
	`method` text NOT NULL,
	`route` text NOT NULL,
	`status` integer NOT NULL,
	`ok` integer NOT NULL,
	`duration_ms` real NOT NULL,
	`error_code` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `upstream_calls_tenant_at` ON `upstream_calls` (`tenant_id`,`system`,`at`);