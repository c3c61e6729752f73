import type { Connection } from "./types";

const labels: Record<Connection["status"], { text: string; tone: string }> = {
  ok: { text: "OK", tone: "badge-success" },
  refresh_failed: { text: "Refresh failed", tone: "badge-warning" },
  needs_reauth: { text: "Needs re-authorisation", tone: "badge-danger" },
};

export function StatusBadge({ status }: { status: Connection["status"] }) {
  const label = labels[status];
  return <span className={`badge ${label.tone}`}>{label.text}</span>;
}

export function EndUserLabel({ endUser }: { endUser: Connection["endUser"] }) {
  if (!endUser) return <span className="faint">—</span>;
  const primary = endUser.displayName ?? endUser.email ?? endUser.id;
  const secondary = endUser.displayName ? (endUser.email ?? endUser.id) : endUser.email ? endUser.id : null;
  return (
    <span>
      {primary}
      {secondary ? <span className="muted"> · {secondary}</span> : null}
    </span>
  );
}

export function AttributionChips({ attribution }: { attribution: Record<string, string> }) {
  const entries = Object.entries(attribution);
  if (entries.length === 0) return <span className="faint">none</span>;
  return (
    <span className="chips">
      {entries.map(([key, value]) => (
        <span key={key} className="chip">
          {key}={value}
        </span>
      ))}
    </span>
  );
}
