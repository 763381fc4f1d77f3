import { Blob } from "node:buffer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { FormData, request } from "undici";
import { startFakeCometApi, type FakeCometApi } from "./cometapi/index.ts";
import { makePng } from "./png.ts";

const photo = makePng(8, 8, [1, 2, 3]);
const blue = makePng(4, 4, [0, 0, 255]);

let fake: FakeCometApi;

beforeEach(async () => {
  fake = await startFakeCometApi();
});
afterEach(async () => {
  await fake.close();
});

function editForm(parts: { image?: Buffer; prompt?: string; stream?: boolean }): FormData {
  const form = new FormData();
  if (parts.image) form.append("image", new Blob([parts.image], { type: "image/png" }), "image.png");
  if (parts.prompt) form.append("prompt", parts.prompt);
  form.append("model", "gpt-image-1");
  if (parts.stream) form.append("stream", "true");
  return form;
}

async function post(route: string, body: FormData | string) {
  const response = await request(`${fake.baseUrl}/images/${route}`, {
    method: "POST",
    body,
    ...(typeof body === "string" && { headers: { "content-type": "application/json" } }),
  });
  return {
    status: response.statusCode,
    type: response.headers["content-type"],
    text: await response.body.text(),
  };
}

describe("the fake CometAPI's edits route", () => {
  it("records the multipart parts and streams image_edit events from the shared queue", async () => {
    fake.enqueue({ kind: "stream", partials: [blue], images: [blue] });

    const answer = await post("edits", editForm({ image: photo, prompt: "orange sky", stream: true }));

    expect(answer.status).toBe(200);
    expect(answer.text).toContain("event: image_edit.partial_image\n");
    expect(answer.text).toContain("event: image_edit.completed\n");
    expect(answer.text).not.toContain("image_generation");
    const [recorded] = fake.requests;
    expect(recorded?.route).toBe("edits");
    expect(recorded?.body).toEqual({ prompt: "orange sky", model: "gpt-image-1", stream: "true" });
    expect(recorded?.files).toEqual({ image: { bytes: photo, filename: "image.png", type: "image/png" } });
  });

  it("tells the routes apart in one queue: each request takes the next behaviour", async () => {
    fake.enqueue({ kind: "json", images: [blue] }, { kind: "error", status: 503 });

    const generation = await post("generations", JSON.stringify({ prompt: "a fox", model: "gpt-image-1" }));
    const edit = await post("edits", editForm({ image: photo, prompt: "a fox" }));

    expect([generation.status, edit.status]).toEqual([200, 503]);
    expect(fake.requests.map((each) => each.route)).toEqual(["generations", "edits"]);
    expect(fake.requests[0]?.files).toEqual({});
  });

  it.each([
    ["image", { prompt: "orange sky" }],
    ["prompt", { image: photo }],
  ])("answers an edit without its %s with OpenAI's 400, taking no behaviour", async (missing, parts) => {
    fake.enqueue({ kind: "json", images: [blue] });

    const answer = await post("edits", editForm(parts));

    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text)).toMatchObject({
      error: {
        message: expect.stringContaining(`Missing required parameter: '${missing}'.`),
        type: "invalid_request_error",
      },
    });
    expect((await post("generations", JSON.stringify({ prompt: "a fox" }))).status).toBe(200);
  });
});
