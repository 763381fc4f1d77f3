import type { Upstream } from "./make-upstream.ts";
import type { BenchScenario } from "./result.ts";

/**
 * The environment every bench child gets besides its platform's variables: the bot is configured
 * exactly as `npm start` would configure it.
 */
export function botEnv(
  cometApiBaseUrl: string,
  upstream: Upstream,
  scenario: BenchScenario,
): Record<string, string> {
  return {
    COMETAPI_API_KEY: "bench-key-not-secret",
    COMETAPI_BASE_URL: cometApiBaseUrl,
    // The balance query service too is the loopback fake's (it answers 404 there: no balance).
    COMETAPI_QUOTA_URL: cometApiBaseUrl.replace(/\/v1$/, ""),
    PORT: "0",
    HOST: "127.0.0.1",
    LOG_LEVEL: "warn",
    // As high as the configuration allows (100): at N=200 half the jobs wait in the queue, and
    // the "beyond queue" figures leave that wait out.
    IMAGINE_MAX_CONCURRENCY: "100",
    // Every simulated person is distinct: one job each is all the bench needs.
    IMAGINE_MAX_QUEUED_PER_USER: "1",
    // The memory runs keep the default budget for running jobs' memory (it decides how many run
    // at once for 4.5 MB images). The other runs serve 5 KB images, which the budget (an estimate
    // from the pixels, for real images of 1–5 MB) would hold to a few jobs at once: it is lifted
    // so they measure 100 jobs running together.
    ...(scenario !== "memory" && { IMAGINE_MAX_JOB_MEMORY_MB: "65536" }),
    IMAGINE_PARTIAL_IMAGES: "3",
    IMAGINE_PROGRESS_INTERVAL_MS: "1000",
    IMAGINE_DEFAULT_SIZE: `${upstream.width}x${upstream.height}`,
    IMAGINE_SHUTDOWN_GRACE_SECONDS: "0",
    // The fakes serve results and the images to edit over plain http on 127.0.0.1.
    IMAGINE_ALLOW_LOOPBACK_URLS: "true",
  };
}
