import { describe, expect, it } from "vitest";
import { findAttachedImage } from "../../src/slack/inbound/find-attached-image.ts";
import type { SlackFile } from "../../src/slack/inbound/slack-file.ts";

/** A file object as Slack puts it in an event's `files[]` (trimmed). */
function file(id: string, name: string, mimetype: string, size = 1234): Record<string, unknown> {
  return {
    id,
    name,
    title: name,
    mimetype,
    filetype: name.split(".").pop(),
    size,
    user: "U0ALICE001",
    mode: "hosted",
    url_private: `https://files.slack.com/files-pri/T0FAKE0001-${id}/${name}`,
    url_private_download: `https://files.slack.com/files-pri/T0FAKE0001-${id}/download/${name}`,
  };
}

const neverLookedUp = (fileId: string): Promise<SlackFile> =>
  Promise.reject(new Error(`looked up ${fileId}`));

describe("finding the image a Slack message carries", () => {
  it("takes the first image file, with its private URL, name and the size Slack reports", async () => {
    const files = [
      file("F0NOTES001", "notes.txt", "text/plain"),
      file("F0PHOTO001", "photo.png", "image/png", 48_000),
      file("F0PHOTO002", "other.jpg", "image/jpeg"),
    ];
    await expect(findAttachedImage(files, neverLookedUp)).resolves.toEqual({
      url: "https://files.slack.com/files-pri/T0FAKE0001-F0PHOTO001/photo.png",
      name: "photo.png",
      declaredBytes: 48_000,
    });
  });

  it("takes any image type: which ones can be edited is checked by their bytes later", async () => {
    const gif = file("F0ANIM0001", "party.gif", "image/gif");
    await expect(findAttachedImage([gif], neverLookedUp)).resolves.toMatchObject({ name: "party.gif" });
  });

  it("finds none in a message without files, with only other files, or with files it cannot read", async () => {
    for (const files of [undefined, [], [file("F0DOC00001", "a.pdf", "application/pdf")], "files", [42]]) {
      await expect(findAttachedImage(files, neverLookedUp)).resolves.toBeUndefined();
    }
  });

  it("looks up a file the event describes only in part, as in shared channels", async () => {
    const partial = { id: "F0SHARED01", mode: "file_access", file_access: "check_file_info", created: 1 };
    const lookedUp: string[] = [];
    const lookUp = async (fileId: string): Promise<SlackFile> => {
      lookedUp.push(fileId);
      return file(fileId, "shared.webp", "image/webp", 900) as SlackFile;
    };
    await expect(findAttachedImage([partial], lookUp)).resolves.toEqual({
      url: "https://files.slack.com/files-pri/T0FAKE0001-F0SHARED01/shared.webp",
      name: "shared.webp",
      declaredBytes: 900,
    });
    expect(lookedUp).toEqual(["F0SHARED01"]);
  });

  it("passes over a file the look-up cannot describe either", async () => {
    const partial = { id: "F0SHARED01", file_access: "check_file_info" };
    const photo = file("F0PHOTO001", "photo.png", "image/png");
    await expect(findAttachedImage([partial, photo], async () => undefined)).resolves.toMatchObject({
      name: "photo.png",
    });
  });

  it("rejects when such a look-up fails", async () => {
    const partial = { id: "F0SHARED01", file_access: "check_file_info" };
    await expect(findAttachedImage([partial], neverLookedUp)).rejects.toThrow("looked up F0SHARED01");
  });
});
