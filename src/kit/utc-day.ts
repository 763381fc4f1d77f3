/** The UTC calendar day of an instant, as daily counters are keyed ("2026-11-25"). */
export const utcDay = (at: number): string => new Date(at).toISOString().slice(0, 10);

/** The UTC month of a UTC day, as monthly counters are keyed: "2026-12" of "2026-12-02". */
export const monthOf = (day: string): string => day.slice(0, 7);
