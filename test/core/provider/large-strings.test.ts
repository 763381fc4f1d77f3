import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLargeStringExtractor } from "../../../src/core/provider/large-strings.ts";

const options = { thresholdBytes: 64, maxDecodedBytes: 10_000 };

/** Feeds `input` in pieces of `size` bytes and returns all the text. */
function run(input: string | Buffer, size: number, extractor = createLargeStringExtractor(options)) {
  const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input);
  let text = "";
  for (let at = 0; at < bytes.length; at += size) text += extractor.feed(bytes.subarray(at, at + size));
  return { text: text + extractor.end(), extractor };
}

describe("createLargeStringExtractor", () => {
  it.each([1, 3, 7, 64, 100_000])("takes a long base64 string out, in pieces of %i bytes", (size) => {
    const image = randomBytes(3000);
    const event = `event: image\ndata: {"type":"partial","b64_json":"${image.toString("base64")}","index":2}\n\n`;
    const { text, extractor } = run(event, size);
    expect(text.length).toBeLessThan(100);
    const data = JSON.parse(text.split("data: ")[1]!.trim()) as {
      type: string;
      b64_json: string;
      index: number;
    };
    expect(data.type).toBe("partial");
    expect(data.index).toBe(2);
    expect(extractor.isReference(data.b64_json)).toBe(true);
    expect(extractor.take(data.b64_json)).toEqual(image);
    expect(extractor.take(data.b64_json)).toBeUndefined();
  });

  it.each([1, 5, 1000])(
    "leaves short strings, escapes and split characters as they were (pieces of %i)",
    (size) => {
      const json = JSON.stringify({ message: 'a "quoted" word, \\ and ünïcødé 🎨', n: [1, "x"] });
      expect(run(`data: ${json}\n\n`, size).text).toBe(`data: ${json}\n\n`);
    },
  );

  it("reads base64 written with escaped slashes", () => {
    const image = Buffer.alloc(600, 0xff); // base64 of 0xff bytes is all "/"
    const written = `{"b64_json":"${image.toString("base64").replaceAll("/", "\\/")}"}`;
    for (const size of [1, 2, 9]) {
      const { text, extractor } = run(written, size);
      expect(extractor.take((JSON.parse(text) as { b64_json: string }).b64_json)).toEqual(image);
    }
  });

  it("keeps only the fact that a string decodes past the cap", () => {
    const extractor = createLargeStringExtractor({ thresholdBytes: 64, maxDecodedBytes: 1000 });
    const { text } = run(`{"b64_json":"${randomBytes(1001).toString("base64")}"}`, 100, extractor);
    expect(extractor.take((JSON.parse(text) as { b64_json: string }).b64_json)).toBe("too_large");
  });

  it("leaves an event whose long string is cut by a line break malformed, and reads the next one", () => {
    const cut = `data: {"b64_json":"${"A".repeat(200)}\n\ndata: {"b64_json":"${randomBytes(90).toString("base64")}"}\n\n`;
    const { text, extractor } = run(cut, 16);
    const [first, second] = text.split("\n\n");
    expect(() => JSON.parse(first!.slice("data: ".length))).toThrow();
    const data = JSON.parse(second!.slice("data: ".length)) as { b64_json: string };
    expect(extractor.take(data.b64_json)).toHaveLength(90);
  });
});
