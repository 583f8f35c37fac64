CREATE TABLE `pa_snapshots` (
	`tenant_id` text NOT NULL,
	`lookup_key` text NOT NULL,
	`answer` text NOT NULL,
	`fetched_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `lookup_key`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
