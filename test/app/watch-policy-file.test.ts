import { mkdirSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { watchPolicyFile, type PolicyFileWatch } from "../../src/app/watch-policy-file.ts";
import { captureLog } from "../support/capture-log.ts";
import { makeTempDir } from "../support/make-temp-dir.ts";

let watching: PolicyFileWatch | undefined;
afterEach(() => {
  watching?.stop();
  watching = undefined;
});

it("sees a Kubernetes ConfigMap update, which swaps a symlink and never names the file", async () => {
  // What the kubelet mounts: policy.yml → ..data/policy.yml, ..data → a timestamped directory.
  const dir = makeTempDir("configmap");
  mkdirSync(join(dir, "v1"));
  writeFileSync(join(dir, "v1", "policy.yml"), "users:\n  denied: []\n");
  symlinkSync("v1", join(dir, "..data"));
  symlinkSync(join("..data", "policy.yml"), join(dir, "policy.yml"));
  const changed = new Promise<void>((resolve) => {
    watching = watchPolicyFile(join(dir, "policy.yml"), resolve, captureLog().log);
  });

  mkdirSync(join(dir, "v2"));
  writeFileSync(join(dir, "v2", "policy.yml"), "moderation:\n  blocked: [comet]\n");
  symlinkSync("v2", join(dir, "..data_tmp"));
  renameSync(join(dir, "..data_tmp"), join(dir, "..data"));

  await expect(changed).resolves.toBeUndefined();
});
