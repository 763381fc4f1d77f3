import { describe, expect, it } from "vitest";
import { FlagError, parseFlags } from "../../src/slack/inbound/parse-flags.ts";

function refusal(text: string): string {
  try {
    parseFlags(text);
  } catch (error) {
    if (error instanceof FlagError) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("parseFlags", () => {
  it("reads a prompt with no flags", () => {
    expect(parseFlags("a lighthouse at dawn")).toEqual({ prompt: "a lighthouse at dawn" });
  });

  it("reads every flag, separated or with =", () => {
    expect(parseFlags("a lighthouse --size 1536x1024 --n 2 --quality=high --model gpt-image-1")).toEqual({
      prompt: "a lighthouse",
      size: "1536x1024",
      count: 2,
      quality: "high",
      model: "gpt-image-1",
    });
  });

  it("keeps prompt words around and between flags", () => {
    expect(parseFlags("--n 2 a cat --size 1024x1024 in a hat")).toEqual({
      prompt: "a cat in a hat",
      count: 2,
      size: "1024x1024",
    });
  });

  it("takes quoted values, including curly quotes from Slack's editor", () => {
    expect(parseFlags('"a cat --n 3 in quotes" --model "gpt-image-1"')).toEqual({
      prompt: "a cat --n 3 in quotes",
      model: "gpt-image-1",
    });
    expect(parseFlags("\u201Ca cat\u201D --n 1")).toEqual({ prompt: "a cat", count: 1 });
  });

  it("keeps apostrophes inside words in the prompt, quoted or not", () => {
    expect(parseFlags("the cat's toy --n 2")).toEqual({ prompt: "the cat's toy", count: 2 });
    expect(parseFlags("don't stop the cats' party")).toEqual({ prompt: "don't stop the cats' party" });
    expect(parseFlags("'a cat's toy' --model=\"gpt-image-1\"")).toEqual({
      prompt: "a cat's toy",
      model: "gpt-image-1",
    });
    expect(parseFlags('"a cat", please')).toEqual({ prompt: "a cat, please" });
  });

  it("leaves single dashes and em dashes in the prompt", () => {
    expect(parseFlags("a cat - sitting — still")).toEqual({ prompt: "a cat - sitting — still" });
  });

  it("refuses an unknown flag with the valid ones", () => {
    expect(refusal("a cat --style vivid")).toBe(
      "Unknown flag --style. Valid flags: --size WxH, --n COUNT, --quality LEVEL, --model NAME.",
    );
  });

  it("refuses a flag without a value", () => {
    expect(refusal("a cat --size")).toContain("--size needs a value");
    expect(refusal("a cat --size --n 2")).toContain("--size needs a value");
    expect(refusal("a cat --size=")).toContain("--size needs a value");
  });

  it("refuses a count that is not a number", () => {
    expect(refusal("a cat --n=abc")).toBe("--n must be a whole number, like --n 2.");
    expect(refusal("a cat --n -1")).toBe("--n must be a whole number, like --n 2.");
  });

  it("refuses an unterminated quote", () => {
    expect(refusal('a "cat --n 2')).toBe("A quoted value is missing its closing quote.");
  });
});
