CREATE TABLE `catalog_map` (
	`tenant_id` text NOT NULL,
	`sku` text NOT NULL,
	`cw_id` integer,
	`identifier` text NOT NULL,
	`mfg_pn` text DEFAULT '' NOT NULL,
	`manufacturer` text DEFAULT '' NOT NULL,
	`category_code` text DEFAULT '' NOT NULL,
	`status` text NOT NULL,
	`written` text NOT NULL,
	`observed` text NOT NULL,
	`seen_run` integer,
	`seen_step` integer,
	`cw_seen_run` integer,
	`changed_run` integer,
	`change` text,
	`note` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`tenant_id`, `sku`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `catalog_map_cw_id` ON `catalog_map` (`tenant_id`,`cw_id`);--> statement-breakpoint
CREATE INDEX `catalog_map_mfg_pn` ON `catalog_map` (`tenant_id`,`mfg_pn`);--> statement-breakpoint
CREATE INDEX `catalog_map_identifier` ON `catalog_map` (`tenant_id`,`identifier`);--> statement-breakpoint
CREATE INDEX `catalog_map_status` ON `catalog_map` (`tenant_id`,`status`);--> statement-breakpoint
CREATE TABLE `catalog_price_file_chunks` (
	`tenant_id` text NOT NULL,
	`upload_id` text NOT NULL,
	`seq` integer NOT NULL,
	`text` text NOT NULL,
	`uploaded_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`tenant_id`, `upload_id`, `seq`),
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `catalog_sync_state` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`last_pass_at` text,
	`last_full_pass_at` text,
	`scope_key` text,
	`last_in_scope` integer,
	`last_capped` integer DEFAULT false NOT NULL,
	`manufacturers` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
