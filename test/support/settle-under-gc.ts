import { ImagineError } from "../../src/core/errors/errors.ts";

/** How a piece of work ended: `success`, an ImagineError's code, or "other" with the message. */
export interface GcOutcome {
  readonly ended: string;
  readonly message?: string;
}

/** The `gc` of a process started with --expose-gc; without it the process ends with code 2. */
export function requireGc(): () => void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect) return collect;
  process.stderr.write("run with --expose-gc\n");
  process.exit(2);
}

/**
 * Waits for `work` while forcing garbage collections (at once, since its deadline exists by now,
 * then every 20 ms), so a deadline held only weakly would be collected. Without a working deadline
 * stalled work would wait forever: after 50 × `timeoutMs` `job` is aborted and that ends it instead.
 */
export async function settleUnderGc(
  work: Promise<unknown>,
  options: { readonly job: AbortController; readonly timeoutMs: number; readonly success: string },
): Promise<GcOutcome> {
  const collect = requireGc();
  collect();
  const collecting = setInterval(collect, 20);
  const guard = setTimeout(() => options.job.abort(new Error("no deadline fired")), 50 * options.timeoutMs);
  try {
    return await work.then(
      () => ({ ended: options.success }),
      (error: unknown) =>
        error instanceof ImagineError ? { ended: error.code } : { ended: "other", message: String(error) },
    );
  } finally {
    clearInterval(collecting);
    clearTimeout(guard);
  }
}
