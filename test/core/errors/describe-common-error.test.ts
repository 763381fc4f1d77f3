import { describe, expect, expectTypeOf, it } from "vitest";
import type { ErrorCode } from "../../../src/core/errors/errors.ts";
import {
  describeCommonError,
  isCommonErrorCode,
  type CommonErrorCode,
} from "../../../src/core/errors/describe-common-error.ts";
import { english } from "../../../src/core/i18n/messages.ts";

const discord = { platform: "discord" } as const;

describe("the sentences every platform words alike", () => {
  it("names the place in the platform's own word", () => {
    expect(describeCommonError("not_allowed_guild", {}, discord, english)).toBe(
      "This bot is not enabled on this server.",
    );
    expect(
      describeCommonError(
        "workspace_daily_limit",
        { limit: 4, remaining: 2 },
        { platform: "slack" },
        english,
      ),
    ).toBe("This workspace has 2 images left today: ask for 2 or fewer.");
  });

  it("fills in what the error says", () => {
    expect(describeCommonError("cooldown", { retryAfterSeconds: 12 }, discord, english)).toBe(
      "You can imagine again in 12 s.",
    );
    expect(
      describeCommonError("upstream_bad_request", { detail: "size is not supported" }, discord, english),
    ).toBe("The image service rejected the request: size is not supported");
  });

  it("says the reason an error carries instead of its code's sentence", () => {
    const reason = { key: "core:requests.countRange", values: { max: 4 } } as const;
    expect(describeCommonError("invalid_request", { reason }, discord, english)).toBe(
      "The number of images must be between 1 and 4.",
    );
  });

  it("words a budget and a limit in the platform's own sentence for its place", () => {
    const state = { budgetUsd: 10, leftUsd: 0.01, costUsd: 0.17, retryAfterSeconds: 3600 };
    expect(describeCommonError("workspace_budget_exceeded", state, { platform: "slack" }, english)).toBe(
      "This would cost about $0.17, and $0.01 is left of this workspace's monthly budget of $10.00. It resets on the 1st at 00:00 UTC (in 1 h).",
    );
    expect(describeCommonError("queue_full", { limit: 1 }, discord, english)).toBe(
      "You already have 1 image waiting; try again when it is done.",
    );
  });

  it("leaves the codes that differ by platform to the adapter", () => {
    expect(isCommonErrorCode("not_allowed_role")).toBe(false);
    expect(isCommonErrorCode("timeout")).toBe(true);
  });

  it("lists only codes the core has", () => {
    expectTypeOf<CommonErrorCode>().toExtend<ErrorCode>();
  });
});
