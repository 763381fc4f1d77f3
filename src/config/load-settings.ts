import { loadConfig, type Config } from "./config.ts";
import { applyPolicyFile, readPolicyFile } from "./policy-file.ts";

/**
 * The configuration from the environment, with the policy file (IMAGINE_POLICY_FILE) laid over
 * it when one is named.
 * @throws ConfigError listing every problem of either.
 */
export function loadSettings(env: Record<string, string | undefined>): Config {
  const config = loadConfig(env);
  return config.policyFile ? applyPolicyFile(config, readPolicyFile(config.policyFile)) : config;
}
