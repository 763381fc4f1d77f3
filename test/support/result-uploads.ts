import type { FakeSlack } from "../fakes/slack/index.ts";

/** The results' uploads (`imagine-1.png`, …), without the previews shown while a job ran. */
export function resultUploads(slack: FakeSlack): FakeSlack["uploads"] {
  return slack.uploads.filter((upload) => upload.filename.startsWith("imagine-"));
}
