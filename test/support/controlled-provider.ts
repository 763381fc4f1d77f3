import type { GenerateOptions, ImageData, ImageProvider } from "../../src/core/provider/types.ts";
import type { GenerationRequest } from "../../src/core/requests/request.ts";
import { createChanges } from "./wait-until.ts";

/** One call the provider received, which the test finishes when it chooses. */
export interface PendingCall {
  readonly request: GenerationRequest;
  readonly options: GenerateOptions;
  partial(index: number, image: ImageData): void;
  succeed(images: ImageData[]): void;
  fail(error: unknown): void;
}

/**
 * An ImageProvider the test drives by hand, for the core's own tests (the real provider is tested
 * against the fake CometAPI). A call stays pending until the test settles it or it is aborted.
 */
export function controlledProvider() {
  const calls: PendingCall[] = [];
  const arrivals = createChanges();
  const provider: ImageProvider = {
    generate: (request, options) =>
      new Promise<readonly ImageData[]>((resolve, reject) => {
        options.signal.addEventListener("abort", () => reject(options.signal.reason), { once: true });
        calls.push({
          request,
          options,
          partial: (index, image) => options.onPartial?.({ index, image }),
          succeed: resolve,
          fail: reject,
        });
        arrivals.changed();
      }),
  };
  async function nthCall(n: number): Promise<PendingCall> {
    await arrivals.until(() => calls.length > n, `call ${n + 1} to the provider`);
    return calls[n]!;
  }
  return { provider, calls, nthCall };
}
