CREATE TABLE `tenant_activation_options` (
	`tenant_id` text PRIMARY KEY NOT NULL,
	`console_tab_enabled` integer DEFAULT false NOT NULL,
	`console_tab_screen` text DEFAULT 'company' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	FOREIGN KEY (`tenant_id`) REFERENCES `tenants`(`id`) ON UPDATE no action ON DELETE cascade
);
