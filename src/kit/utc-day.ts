/** The UTC calendar day of an instant, as daily counters are keyed ("2026-11-25"). */
export const utcDay = (at: number): string => new Date(at).toISOString().slice(0, 10);
