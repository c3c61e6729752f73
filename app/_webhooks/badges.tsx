import type { Delivery, LogOperation, WebhookEvent, WebhookSummary } from "./types";

// One colour language for every status on the webhook pages: green done, amber in
// progress or needs a look, red failed, grey nothing to do.

function Badge({ tone, children, testId }: { tone: "success" | "warning" | "danger" | "neutral"; children: string; testId?: string }) {
  return (
    <span className={`badge ${tone === "neutral" ? "" : `badge-${tone}`}`} data-testid={testId}>
      {children}
    </span>
  );
}

export function WebhookStatusBadge({ status }: { status: WebhookSummary["status"] }) {
  const tone = status === "processed" ? "success" : status === "failed" ? "danger" : "warning";
  const text = status === "processed" ? "Processed" : status === "failed" ? "Failed" : "Pending";
  return (
    <Badge tone={tone} testId="webhook-status">
      {text}
    </Badge>
  );
}

export function EventStatusBadge({ status }: { status: WebhookEvent["status"] }) {
  const map = {
    pending: ["warning", "Pending"],
    forwarded: ["success", "Forwarded"],
    dropped: ["neutral", "Dropped"],
    duplicate: ["neutral", "Duplicate"],
    failed: ["danger", "Failed"],
  } as const;
  const [tone, text] = map[status];
  return (
    <Badge tone={tone} testId="event-status">
      {text}
    </Badge>
  );
}

export function AttributionBadge({ status }: { status: WebhookEvent["attributionStatus"] }) {
  const map = {
    attributed: ["success", "Attributed"],
    unattributed: ["neutral", "Unattributed"],
    ambiguous: ["warning", "Ambiguous"],
  } as const;
  const [tone, text] = map[status];
  return (
    <Badge tone={tone} testId="event-attribution">
      {text}
    </Badge>
  );
}

export function DeliveryStatusBadge({ status }: { status: Delivery["status"] }) {
  const map = { pending: ["warning", "Retrying"], succeeded: ["success", "Succeeded"], failed: ["danger", "Failed"] } as const;
  const [tone, text] = map[status];
  return (
    <Badge tone={tone} testId="delivery-status">
      {text}
    </Badge>
  );
}

export function OperationStatusBadge({ status }: { status: LogOperation["status"] }) {
  const map = {
    running: ["warning", "Running"],
    success: ["success", "Success"],
    failed: ["danger", "Failed"],
    skipped: ["neutral", "Skipped"],
  } as const;
  const [tone, text] = map[status];
  return <Badge tone={tone}>{text}</Badge>;
}

export function HttpStatus({ code }: { code: number | null }) {
  if (code === null) return <span className="badge badge-danger">No response</span>;
  const tone = code < 300 ? "success" : code < 500 && code !== 408 && code !== 429 ? "danger" : "warning";
  return <span className={`badge badge-${tone} mono`}>{code}</span>;
}

/** Whether a webhook's forwards reached the backend; nothing when there were none. */
export function DeliveriesSummary({ counts }: { counts: { pending: number; succeeded: number; failed: number } }) {
  if (counts.failed > 0) {
    return (
      <Badge tone="danger" testId="deliveries-summary">
        {counts.failed === 1 ? "Delivery failed" : `${counts.failed} deliveries failed`}
      </Badge>
    );
  }
  if (counts.pending > 0) {
    return (
      <Badge tone="warning" testId="deliveries-summary">
        Delivering
      </Badge>
    );
  }
  if (counts.succeeded > 0) {
    return (
      <Badge tone="success" testId="deliveries-summary">
        Delivered
      </Badge>
    );
  }
  return <span className="faint">Not forwarded</span>;
}
