import { describe, expect, expectTypeOf, it } from "vitest";
import type { ErrorCode } from "../../../src/core/errors/errors.ts";
import {
  describeCommonError,
  isCommonErrorCode,
  type CommonErrorCode,
} from "../../../src/core/errors/describe-common-error.ts";

const server = { place: "server" };

describe("the sentences every platform words alike", () => {
  it("names the place in the platform's own word", () => {
    expect(describeCommonError("not_allowed_guild", {}, server)).toBe(
      "This bot is not enabled on this server.",
    );
    expect(
      describeCommonError("workspace_daily_limit", { limit: 4, remaining: 2 }, { place: "workspace" }),
    ).toBe("This workspace has 2 images left today: ask for 2 or fewer.");
  });

  it("fills in what the error says", () => {
    expect(describeCommonError("cooldown", { retryAfterSeconds: 12 }, server)).toBe(
      "You can imagine again in 12 s.",
    );
    expect(describeCommonError("upstream_bad_request", { detail: "size is not supported" }, server)).toBe(
      "The image service rejected the request: size is not supported",
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
