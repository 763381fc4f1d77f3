/**
 * Counters that must outlive one request: when someone last started a job, how many images
 * they made today. The embedded default keeps them in memory; a persistent engine can replace it.
 */
export interface Store {
  lastJobAt(key: string): Promise<number | undefined>;
  setLastJobAt(key: string, at: number): Promise<void>;
  /** Images counted for this key on this UTC day ("2026-11-25"). */
  imagesOn(key: string, day: string): Promise<number>;
  /** Adds (or with a negative number, gives back) images for this key and day. */
  addImages(key: string, day: string, count: number): Promise<void>;
  close(): Promise<void>;
}
