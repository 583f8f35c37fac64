/**
 * The console's sections, in menu order. Adding a section is one file in this folder and one line here;
 * each section's code loads only when it is opened.
 */
import type { ComponentType } from 'preact';
import type { SectionProps } from './section-props.ts';

export interface SectionEntry {
  id: string;
  title: string;
  load: () => Promise<{ default: ComponentType<SectionProps> }>;
}

export const sections: SectionEntry[] = [
  { id: 'status', title: 'Status', load: () => import('./status.tsx') },
  { id: 'activity', title: 'Activity log', load: () => import('./activity.tsx') },
  { id: 'diagnostics', title: 'Diagnostics', load: () => import('./diagnostics.tsx') },
  { id: 'alerts', title: 'Alerts', load: () => import('./alerts.tsx') },
  { id: 'reports', title: 'Reports', load: () => import('./reports.tsx') },
  { id: 'support-bundle', title: 'Support bundle', load: () => import('./support-bundle.tsx') },
  { id: 'backup', title: 'Backup', load: () => import('./backup.tsx') },
  { id: 'metrics', title: 'Metrics', load: () => import('./metrics.tsx') },
  { id: 'setup', title: 'Setup', load: () => import('./setup.tsx') },
  { id: 'audit', title: 'Audit', load: () => import('./audit.tsx') },
];
