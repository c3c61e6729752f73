// The Logs page's filters as they live in the address bar, so a filtered view can be
// shared or reloaded.

export type LogsTab = "webhooks" | "rejected";
export type TimeRange = "" | "15m" | "1h" | "24h" | "7d";
export type StatusFilter = "" | "pending" | "processed" | "failed";

export interface LogsFilters {
  tab: LogsTab;
  integration: string;
  status: StatusFilter;
  type: string;
  connection: string;
  range: TimeRange;
}

export const timeRanges: Array<{ value: TimeRange; label: string; ms: number }> = [
  { value: "15m", label: "Last 15 minutes", ms: 15 * 60_000 },
  { value: "1h", label: "Last hour", ms: 3600_000 },
  { value: "24h", label: "Last 24 hours", ms: 24 * 3600_000 },
  { value: "7d", label: "Last 7 days", ms: 7 * 24 * 3600_000 },
];

type Raw = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (typeof value === "string" ? value : "");

export function parseFilters(raw: Raw): LogsFilters {
  const status = one(raw.status);
  const range = one(raw.range);
  return {
    tab: one(raw.tab) === "rejected" ? "rejected" : "webhooks",
    integration: one(raw.integration),
    status: status === "pending" || status === "processed" || status === "failed" ? status : "",
    type: one(raw.type),
    connection: one(raw.connection),
    range: timeRanges.some((r) => r.value === range) ? (range as TimeRange) : "",
  };
}

export function writeFiltersToUrl(filters: LogsFilters): void {
  const url = new URL(window.location.href);
  for (const key of ["tab", "integration", "status", "type", "connection", "range"] as const) {
    const value = filters[key];
    if (value && !(key === "tab" && value === "webhooks")) url.searchParams.set(key, value);
    else url.searchParams.delete(key);
  }
  window.history.replaceState(null, "", url);
}

/** The start of a range, rounded down to the minute so that the query key stays put. */
export function rangeStart(range: TimeRange, now: number): string | undefined {
  const preset = timeRanges.find((r) => r.value === range);
  if (!preset) return undefined;
  return new Date(Math.floor((now - preset.ms) / 60_000) * 60_000).toISOString();
}
