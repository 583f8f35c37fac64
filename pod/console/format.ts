/** Display helpers of the console: times in the tenant's zone (where its schedules run), durations, lights. */
export function zoned(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

export function ms(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value < 1_000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(value / 1_000).toFixed(1)} s`;
  return `${Math.floor(value / 60_000)} min ${Math.round((value % 60_000) / 1_000)} s`;
}

export function seconds(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : ms(value * 1_000);
}

export const LIGHT_WORDS = { green: 'Active', yellow: 'Warning', red: 'Error', gray: 'Inactive' } as const;
export type Light = keyof typeof LIGHT_WORDS;
