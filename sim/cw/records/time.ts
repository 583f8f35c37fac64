/** ConnectWise timestamps: ISO-8601 UTC with Z and no milliseconds (`2017-03-03T00:00:00Z`). */
export const cwTime = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;
