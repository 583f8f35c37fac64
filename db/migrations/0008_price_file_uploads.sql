CREATE TABLE `price_file_uploads` (
	`tenant_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`received_bytes` integer DEFAULT 0 NOT NULL,
	`total_bytes` integer,
	`chunks` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`completed_at` text,
	PRIMARY KEY(`tenant_id`, `upload_id`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
