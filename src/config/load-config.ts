import { readEnvironment, type Config } from "./config.ts";
import { applyPolicyFile, readPolicyFile } from "./policy-file.ts";

/**
 * The bot's one configuration: the environment (process.env in production), with the policy
 * file named by IMAGINE_POLICY_FILE laid over it.
 * @throws ConfigError listing every problem of either, one line each.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const config = readEnvironment(env);
  return config.policyFile ? applyPolicyFile(config, readPolicyFile(config.policyFile)) : config;
}
