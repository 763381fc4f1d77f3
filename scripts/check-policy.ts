// Validates a policy file without starting the bot: `npm run check-policy -- policy.yml`.
import { ConfigError } from "../src/config/config.ts";
import { describePolicyFile } from "../src/config/describe-policy-file.ts";
import { readPolicyFile } from "../src/config/policy-file.ts";

const path = process.argv[2];
if (!path) {
  console.error(
    "usage: npm run check-policy -- FILE (in the container: node dist/scripts/check-policy.js FILE), FILE a .json, .yml or .yaml policy file",
  );
  process.exit(2);
}
try {
  const file = readPolicyFile(path);
  const lines = describePolicyFile(file);
  if (lines.length === 0) {
    console.log(`${path} is valid (empty: the environment's rules apply).`);
  } else {
    // Printed as read, so what the bot will apply can be compared with what was meant.
    console.log(`${path} is valid; it sets:\n${lines.map((line) => `  ${line}`).join("\n")}`);
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`${path} has problems:\n${error.problems.map((line) => `  ${line}`).join("\n")}`);
  process.exit(1);
}
