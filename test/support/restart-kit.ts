import { makePng } from "../fakes/png.ts";
import { isRunningLine } from "./read-bot-log.ts";
import { startBotProcess, type BotProcess } from "./start-bot-process.ts";

/** Distinct real PNGs, so a restart test can tell which bytes reached the platform. */
export const restartPng = {
  preview: makePng(4, 4, [200, 10, 10]),
  image1: makePng(8, 8, [10, 10, 200]),
  image2: makePng(8, 8, [200, 200, 10]),
};

/** A process compiles its TypeScript as it starts: seconds on a loaded machine. */
export const startTimeoutMs = 20_000;

/** Each restart test starts two processes, one after the other. */
export const restartTestTimeoutMs = 60_000;

/**
 * The bot processes one test starts, on the same data when asked: each resolves once it runs,
 * and `stopAll` (for afterEach) stops whatever is still running.
 */
export function createBotProcesses(purpose: string) {
  const running: BotProcess[] = [];
  return {
    async start(
      targets: Parameters<typeof startBotProcess>[0],
      env: Record<string, string>,
    ): Promise<BotProcess> {
      const bot = startBotProcess(targets, { IMAGINE_PROGRESS_INTERVAL_MS: "0", ...env }, purpose);
      running.push(bot);
      await bot.waitForLine(isRunningLine, { timeoutMs: startTimeoutMs });
      return bot;
    },
    stopAll: () => Promise.all(running.splice(0).map((bot) => bot.stop())),
  };
}
