// Validates a policy file without starting the bot: `npm run check-policy -- policy.yml`.
import { ConfigError } from "../src/core/config.ts";
import { readPolicyFile } from "../src/core/policy-file.ts";

const path = process.argv[2];
if (!path) {
  console.error("usage: npm run check-policy -- FILE (a .json, .yml or .yaml policy file)");
  process.exit(2);
}
try {
  const file = readPolicyFile(path);
  const sections = Object.keys(file);
  console.log(
    `${path} is valid${sections.length ? ` (${sections.join(", ")})` : " (empty: the environment's rules apply)"}.`,
  );
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${path} has problems:\n${error.problems.map((line) => `  ${line}`).join("\n")}`);
  process.exit(1);
}
