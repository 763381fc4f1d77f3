/**
 * Noon UTC on a fixed day, for tests about days and cooldowns: twelve hours from either daily
 * reset, so no burst is split over two days, whatever the real date is.
 */
export const middayUtc = Date.UTC(2030, 0, 15, 12);
