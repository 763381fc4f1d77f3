import { formatUsd } from "../../kit/format-usd.ts";
import type { PlatformWords } from "../errors/describe-common-error.ts";
import { formatWait } from "../../kit/format-wait.ts";
import type { BudgetLeft, Spent, UsageReport } from "./usage-report.ts";

/** How a platform shows a heading inside a line: `**x**` on Discord, `*x*` on Slack. */
export interface UsageWords extends PlatformWords {
  readonly bold: (text: string) => string;
}

const images = (count: number) => `${count} image${count === 1 ? "" : "s"}`;
const spent = ({ images: count, usd }: Spent) => `${images(count)}, ${formatUsd(usd)}`;
const left = (budget: BudgetLeft, period: string) =>
  `${formatUsd(budget.leftUsd)} left of a ${formatUsd(budget.budgetUsd)} ${period} budget`;

/**
 * `/imagine-usage` in words both platforms share (mentions are `<@id>` on both, and every
 * answer goes out pinging nobody): the person's images and spend today and this month and what is
 * left of their daily budget; for admins, their place's totals, who spent most this month, and
 * CometAPI's balance.
 */
export function describeUsage(report: UsageReport, words: UsageWords, now: number): string {
  const lines = [
    `${words.bold("You")}: today ${spent(report.today)}; this month ${spent(report.month)}.` +
      (report.dailyBudget ? ` ${left(report.dailyBudget, "daily")} (it resets at 00:00 UTC).` : ""),
  ];
  const { place, balance } = report;
  if (place) {
    lines.push(
      `${words.bold(`This ${words.place}`)}: today ${spent(place.today)}; this month ${spent(place.month)}.` +
        (place.monthlyBudget ? ` ${left(place.monthlyBudget, "monthly")}.` : ""),
    );
    lines.push(
      place.top.length === 0
        ? "Nobody has spent anything this month."
        : `Most this month: ${place.top.map((user) => `<@${user.userId}> ${formatUsd(user.usd)} (${images(user.images)})`).join(", ")}.`,
    );
  }
  if (report.operator) {
    if (!balance) {
      lines.push("CometAPI balance: not read yet.");
    } else {
      const keys = balance.keys.map(
        (key) =>
          `${key.name} ${key.remainingUsd === undefined ? "unlimited" : `${formatUsd(key.remainingUsd)} left`}`,
      );
      const age = formatWait(Math.max(0, Math.round((now - balance.readAt) / 1000)));
      lines.push(
        `CometAPI balance: ${formatUsd(balance.accountUsd)}` +
          (keys.length > 0 ? ` (keys: ${keys.join(", ")})` : "") +
          `, read ${age} ago.`,
      );
    }
  }
  return lines.join("\n");
}
