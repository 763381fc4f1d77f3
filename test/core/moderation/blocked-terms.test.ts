import { describe, expect, it } from "vitest";
import {
  createBlockedTerms,
  InvalidBlockedTerm,
  normalizeForMatching,
} from "../../../src/core/moderation/blocked-terms.ts";

describe("normalizeForMatching", () => {
  it("folds look-alike letters, drops invisible characters, lowers the case and joins spaces", () => {
    expect(normalizeForMatching("ＮＳＦＷ")).toBe("nsfw");
    expect(normalizeForMatching("n\u200Bs\u200Df\u2060w\uFEFF")).toBe("nsfw");
    expect(normalizeForMatching("so\u00ADft  \n hyphen")).toBe("soft hyphen");
  });
});

describe("createBlockedTerms", () => {
  const terms = createBlockedTerms(["nsfw", "Gore Fest", "/dr[a@]gon/", "/^exact$/"]);

  it("finds a word whatever its case or hidden characters, and names the term as written", () => {
    expect(terms.match("a NSFW cat")).toBe("nsfw");
    expect(terms.match("a n\u200Bsfw cat")).toBe("nsfw");
    expect(terms.match("ｎｓｆｗ art")).toBe("nsfw");
  });

  it("matches words and phrases whole, so longer words that contain them pass", () => {
    expect(terms.match("nsfwart and more")).toBeUndefined();
    expect(terms.match("a gore   fest tonight")).toBe("Gore Fest");
    expect(terms.match("gore festival")).toBeUndefined();
  });

  it("matches expressions anywhere, case-insensitively", () => {
    expect(terms.match("a red DR@GONfly")).toBe("/dr[a@]gon/");
    expect(terms.match("Exact")).toBe("/^exact$/");
    expect(terms.match("not exact")).toBeUndefined();
  });

  it("takes words with hyphens and other punctuation as they are written", () => {
    const punctuated = createBlockedTerms(["self-harm", "x-rated", "a.b/c (d)"]);
    expect(punctuated.match("no SELF-HARM here")).toBe("self-harm");
    expect(punctuated.match("x-rated art")).toBe("x-rated");
    expect(punctuated.match("see a.b/c (d) now")).toBe("a.b/c (d)");
    expect(punctuated.match("selfharm")).toBeUndefined();
  });

  it("lets everything through when there are no terms", () => {
    expect(createBlockedTerms([]).match("anything at all")).toBeUndefined();
  });

  it("refuses an expression that does not compile, a bad flag, or an empty term", () => {
    expect(() => createBlockedTerms(["/(unclosed/"])).toThrow(InvalidBlockedTerm);
    expect(() => createBlockedTerms(["/x/g"])).toThrow(/flag g/);
    expect(() => createBlockedTerms(["\u200B"])).toThrow(/empty/);
  });
});
