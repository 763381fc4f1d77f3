import { createImagine, type ImagineOptions } from "../../src/core/jobs/imagine.ts";
import { createPolicy, type PolicyOptions } from "../../src/core/policy/policy.ts";
import type { ImageData } from "../../src/core/provider/types.ts";
import { createMemoryStore } from "../../src/core/store/memory-store.ts";
import { makePng } from "../fakes/png.ts";
import { captureLog } from "./capture-log.ts";
import { controlledProvider } from "./controlled-provider.ts";
import { middayUtc } from "./fixed-clock.ts";

/** A real PNG, as the provider hands images back. */
export const image: ImageData = { bytes: makePng(2, 2, [9, 9, 9]), mimeType: "image/png" };

/** The operator's image settings the core runs with: one model, one image by default. */
export const settings = {
  defaultModel: "gpt-image-1",
  defaultCount: 1,
  outputFormat: "png" as const,
  models: ["gpt-image-1"],
  maxImagesPerRequest: 4,
  maxPromptLength: 1000,
};

/**
 * The core alone: one slot, a hand-driven provider, its log captured at debug level, no limits
 * but three jobs in line per person, a memory store (or `policyOptions.store`) holding both the
 * counters and the job rows, and one clock for the policy and the jobs that stands still at a
 * fixed midday until the test moves it.
 */
export function createCore(
  overrides: Partial<ImagineOptions> = {},
  policyOptions: Partial<PolicyOptions> = {},
) {
  const clock = { now: middayUtc };
  const now = () => clock.now;
  const driver = controlledProvider();
  const { log, records } = captureLog();
  const store = policyOptions.store ?? createMemoryStore();
  const imagine = createImagine({
    settings,
    concurrency: 1,
    provider: driver.provider,
    policy: createPolicy({
      access: {},
      cooldownSeconds: 0,
      dailyLimitPerUser: 0,
      maxQueuedPerUser: 3,
      now,
      ...policyOptions,
      store,
    }),
    jobs: store,
    log,
    now,
    ...overrides,
  });
  return { imagine, driver, clock, records, store };
}
