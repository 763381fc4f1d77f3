import type { RedisScripts } from "./define-redis-scripts.ts";

/** How often the lease is renewed: three times per lease, so one late renewal costs nothing. */
const renewalsPerLease = 3;

export interface InstanceLease {
  /** Renews the lease now (the client just connected). */
  renew(): void;
  /** Stops renewing and ends the lease: the jobs this instance holds no longer count. */
  end(): Promise<void>;
}

/**
 * Keeps this store instance's lease in Redis. The jobs a person holds are counted per instance,
 * and only live instances' count: a process that dies holds none once its lease runs out, as a
 * dead process holds none with the embedded engines. `onError` hears of renewals that failed
 * (Redis down: the next renewal tries again).
 */
export function startInstanceLease(
  scripts: RedisScripts,
  instanceId: string,
  leaseMs: number,
  onError: (error: unknown) => void,
): InstanceLease {
  const renew = () => {
    scripts.lease(instanceId, String(leaseMs)).catch(onError);
  };
  const timer = setInterval(renew, Math.max(1, Math.floor(leaseMs / renewalsPerLease))).unref();
  return {
    renew,
    async end() {
      clearInterval(timer);
      await scripts.lease(instanceId, "0");
    },
  };
}
