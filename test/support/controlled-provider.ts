import type { GenerateOptions, ImageData, ImageProvider } from "../../src/core/provider/types.ts";
import type { GenerationRequest } from "../../src/core/requests/request.ts";

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
  const waiters: Array<() => void> = [];
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
        waiters.splice(0).forEach((wake) => wake());
      }),
  };
  async function nthCall(n: number): Promise<PendingCall> {
    while (calls.length <= n) await new Promise<void>((resolve) => waiters.push(resolve));
    return calls[n]!;
  }
  return { provider, calls, nthCall };
}
