import type { PlatformWords } from "../errors/describe-common-error.ts";
import type { Messages } from "../i18n/messages.ts";
import type { BudgetLeft, Spent, UsageReport } from "./usage-report.ts";

/** How a platform shows a heading inside a line: `**x**` on Discord, `*x*` on Slack. */
export interface UsageWords extends PlatformWords {
  readonly bold: (text: string) => string;
}

/**
 * `/imagine-usage` in words both platforms share (mentions are `<@id>` on both, and every
 * answer goes out pinging nobody), in `messages`' language: the person's images and spend today
 * and this month and what is left of their daily budget; for admins, their place's totals, who
 * spent most this month, and CometAPI's balance.
 */
export function describeUsage(
  report: UsageReport,
  words: UsageWords,
  now: number,
  messages: Messages,
): string {
  const t: Messages["t"] = (key, values) => messages.t(key, values);
  const usd = (value: number) => messages.usd(value);
  const spent = ({ images, usd: spentUsd }: Spent) =>
    t("core:usage.spent", { count: images, usd: usd(spentUsd) });
  const budget = (left: BudgetLeft) => ({ left: usd(left.leftUsd), budget: usd(left.budgetUsd) });
  const line = (who: string, today: Spent, month: Spent) =>
    t("core:usage.line", { who: words.bold(who), today: spent(today), month: spent(month) });

  const you = line(t("core:usage.you"), report.today, report.month);
  const lines = [
    report.dailyBudget
      ? messages.sentences(you, t("core:usage.dailyBudgetLeft", budget(report.dailyBudget)))
      : you,
  ];
  const { place, balance } = report;
  if (place) {
    const totals = line(t(`core:usage.place.${words.platform}`), place.today, place.month);
    lines.push(
      place.monthlyBudget
        ? messages.sentences(totals, t("core:usage.monthlyBudgetLeft", budget(place.monthlyBudget)))
        : totals,
    );
    const people = place.top.map((user) =>
      t("core:usage.topPerson", { user: `<@${user.userId}>`, usd: usd(user.usd), count: user.images }),
    );
    lines.push(
      people.length === 0 ? t("core:usage.nobodySpent") : t("core:usage.top", { people: people.join(", ") }),
    );
  }
  if (report.operator) {
    if (!balance) {
      lines.push(t("core:usage.balanceUnread"));
    } else {
      const keys = balance.keys.map((key) =>
        key.remainingUsd === undefined
          ? t("core:usage.keyUnlimited", { name: key.name })
          : t("core:usage.keyLeft", { name: key.name, usd: usd(key.remainingUsd) }),
      );
      const age = messages.wait(Math.max(0, Math.round((now - balance.readAt) / 1000)));
      const account = usd(balance.accountUsd);
      lines.push(
        keys.length > 0
          ? t("core:usage.balanceWithKeys", { usd: account, keys: keys.join(", "), age })
          : t("core:usage.balance", { usd: account, age }),
      );
    }
  }
  return lines.join("\n");
}
