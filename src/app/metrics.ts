import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { JobObserver } from "../core/jobs/job-observer.ts";
import type { BalanceSource } from "../core/money/balance.ts";

/** Jobs in the queue now, read at each scrape. */
export interface QueueDepth {
  readonly running: number;
  readonly waiting: number;
}

export interface MetricsOptions {
  /** Where every metric is registered; the composition root owns it and serves it on /metrics. */
  readonly registry: Registry;
  readonly queueDepth: () => QueueDepth;
  /** CometAPI's balance, read at each scrape; without it (another provider) no balance is exported. */
  readonly balance?: BalanceSource;
}

const seconds = (ms: number) => ms / 1000;

/**
 * Registers the bot's metrics (and Node's process metrics) in `registry` and returns the observer
 * that feeds them. Names and labels are documented in the README (Operating: metrics).
 */
export function createMetrics({ registry, queueDepth, balance }: MetricsOptions): JobObserver {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });

  const acknowledgement = new Histogram({
    name: "imagine_acknowledgement_seconds",
    help: "From a request's arrival to the first answer the person sees (deferral, placeholder or refusal).",
    labelNames: ["platform"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
    registers,
  });
  const refused = new Counter({
    name: "imagine_requests_refused_total",
    help: "Requests refused before becoming a job, by reason (the error code).",
    labelNames: ["platform", "reason"],
    registers,
  });
  const accepted = new Counter({
    name: "imagine_jobs_accepted_total",
    help: "Requests accepted as jobs.",
    labelNames: ["platform"],
    registers,
  });
  const finished = new Counter({
    name: "imagine_jobs_finished_total",
    help: "Jobs ended, by outcome (completed, failed, cancelled); failed ones carry the error code as reason.",
    labelNames: ["platform", "outcome", "reason"],
    registers,
  });
  const queueWait = new Histogram({
    name: "imagine_queue_wait_seconds",
    help: "From a job's acceptance to its start.",
    labelNames: ["platform"],
    buckets: [0.01, 0.05, 0.25, 1, 5, 15, 30, 60, 120, 300],
    registers,
  });
  const upstream = new Histogram({
    name: "imagine_upstream_duration_seconds",
    help: "Time spent getting a job's images from CometAPI, retries included, by model and result.",
    labelNames: ["model", "result"],
    buckets: [1, 2.5, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300],
    registers,
  });
  const delivery = new Histogram({
    name: "imagine_delivery_duration_seconds",
    help: "From a job's images arriving to the platform having them (uploads included).",
    labelNames: ["platform"],
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
    registers,
  });
  const upstreamErrors = new Counter({
    name: "imagine_upstream_errors_total",
    help: "Failed attempts at CometAPI, by HTTP status (network: no answer or a broken one; stream: an error event).",
    labelNames: ["status"],
    registers,
  });
  new Gauge({
    name: "imagine_jobs_running",
    help: "Jobs holding a slot now: generating, or handing their images over.",
    registers,
    collect() {
      this.set(queueDepth().running);
    },
  });
  new Gauge({
    name: "imagine_jobs_waiting",
    help: "Accepted jobs waiting for a slot.",
    registers,
    collect() {
      this.set(queueDepth().waiting);
    },
  });
  if (balance) registerBalance(registers, balance);

  return {
    acknowledged: (platform, ms) => acknowledgement.observe({ platform }, seconds(ms)),
    refused: (platform, reason) => refused.inc({ platform, reason }),
    accepted: ({ platform }) => accepted.inc({ platform }),
    started: ({ platform }, waitedMs) => queueWait.observe({ platform }, seconds(waitedMs)),
    generated: ({ model }, ms, succeeded) =>
      upstream.observe({ model, result: succeeded ? "success" : "failure" }, seconds(ms)),
    delivered: ({ platform }, ms) => delivery.observe({ platform }, seconds(ms)),
    finished: ({ platform }, outcome, reason) =>
      finished.inc({ platform, outcome, ...(reason && { reason }) }),
    upstreamError: (status) => upstreamErrors.inc({ status }),
  };
}

/** The balance gauges, from the last good reading; NaN (unknown) before the first one. */
function registerBalance(registers: Registry[], balance: BalanceSource): void {
  new Gauge({
    name: "imagine_cometapi_balance_usd",
    help: "The CometAPI account's balance in US dollars, as last read from its balance query service (NaN until read).",
    registers,
    collect() {
      this.set(balance.latest()?.accountUsd ?? Number.NaN);
    },
  });
  new Gauge({
    name: "imagine_cometapi_key_remaining_usd",
    help: "US dollars each CometAPI key of the account may still spend, by key name; keys without a limit are left out.",
    labelNames: ["key"],
    registers,
    collect() {
      this.reset();
      for (const key of balance.latest()?.keys ?? []) {
        if (key.remainingUsd !== undefined) this.set({ key: key.name }, key.remainingUsd);
      }
    },
  });
}
