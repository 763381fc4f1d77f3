import { describe, expect, it } from "vitest";
import { createPendingEdits, pendingEditTtlMs } from "../../src/discord/inbound/pending-edits.ts";
import { middayUtc } from "../support/fixed-clock.ts";

const member = "800000000000000001";
const picture = (name: string) => ({ url: `https://cdn.discordapp.com/attachments/1/2/${name}`, name });

describe("the pictures Edit image forms wait with", () => {
  it("hands a form's picture out once", () => {
    const pending = createPendingEdits(() => middayUtc);
    pending.remember("a", member, picture("a.png"));
    pending.remember("b", member, picture("b.png"));
    expect(pending.take("b", member)).toEqual(picture("b.png"));
    expect(pending.take("b", member)).toBeUndefined();
    expect(pending.take("a", member)).toEqual(picture("a.png"));
    expect(pending.take("never", member)).toBeUndefined();
  });

  it("gives a form's picture only to the person the form was shown to", () => {
    const pending = createPendingEdits(() => middayUtc);
    pending.remember("a", member, picture("a.png"));
    expect(pending.take("a", "800000000000000002")).toBeUndefined();
    expect(pending.take("a", member)).toEqual(picture("a.png"));
  });

  it("forgets a picture once its form has waited 30 minutes", () => {
    let now = middayUtc;
    const pending = createPendingEdits(() => now);
    pending.remember("a", member, picture("a.png"));
    pending.remember("b", member, picture("b.png"));
    now += pendingEditTtlMs - 1;
    expect(pending.take("a", member)).toEqual(picture("a.png"));
    now += 1;
    expect(pendingEditTtlMs).toBe(30 * 60_000);
    expect(pending.take("b", member)).toBeUndefined();
  });

  it("keeps the newest forms when a flood would hold too many", () => {
    const pending = createPendingEdits(() => middayUtc);
    for (let index = 0; index <= 10_000; index++)
      pending.remember(String(index), member, picture(`${index}.png`));
    expect(pending.take("0", member)).toBeUndefined();
    expect(pending.take("1", member)).toEqual(picture("1.png"));
    expect(pending.take("10000", member)).toEqual(picture("10000.png"));
  });
});
