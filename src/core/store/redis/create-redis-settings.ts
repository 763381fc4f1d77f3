import type { SettingsStore, StoredSetting } from "../../settings/settings-store.ts";
import { execTransaction } from "./exec-transaction.ts";
import type { RedisContext } from "./redis-context.ts";

/** Who changed a setting and when, as its `meta:<key>` field holds it. */
interface SettingMeta {
  readonly changedBy: string;
  readonly changedAt: number;
}

const byScopeThenKey = (a: StoredSetting, b: StoredSetting) =>
  a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** The settings made in chat over Redis: a hash per scope, read in one step, changed in one. */
export function createRedisSettings({ client, scripts, keys, call }: RedisContext): SettingsStore {
  return {
    async settingsIn(scopes) {
      if (scopes.length === 0) return [];
      const transaction = client.multi();
      for (const scope of scopes) transaction.hgetall(keys.settings(scope));
      const hashes = (await call(() => execTransaction(transaction))) as Record<string, string>[];
      const settings: StoredSetting[] = [];
      hashes.forEach((hash, index) => {
        const scope = scopes[index]!;
        for (const [field, value] of Object.entries(hash)) {
          if (!field.startsWith("value:")) continue;
          const key = field.slice("value:".length);
          const meta = JSON.parse(hash[`meta:${key}`] ?? "{}") as Partial<SettingMeta>;
          settings.push({
            scope,
            key,
            value,
            changedBy: meta.changedBy ?? "",
            changedAt: meta.changedAt ?? 0,
          });
        }
      });
      // The same scope asked twice is read once, as a query over the scopes would.
      const unique = new Map(settings.map((setting) => [`${setting.scope}\n${setting.key}`, setting]));
      return [...unique.values()].sort(byScopeThenKey);
    },
    async changeSetting({ scope, key, value, changedBy, changedAt }) {
      const meta: SettingMeta = { changedBy, changedAt };
      const previous = await call(() =>
        scripts.changeSetting(scope, key, value === undefined ? "0" : "1", value ?? "", JSON.stringify(meta)),
      );
      return typeof previous === "string" ? previous : undefined;
    },
  };
}
