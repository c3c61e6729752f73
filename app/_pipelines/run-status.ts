/** Badge tone for a node's run status, whatever words the executor uses. */
export function statusTone(status: string): "success" | "danger" | "warning" | "neutral" {
  const s = status.toLowerCase();
  if (["ok", "success", "succeeded", "passed", "completed", "done", "forwarded"].includes(s)) return "success";
  if (["failed", "error", "errored", "timeout", "timed_out"].includes(s)) return "danger";
  if (["stopped", "filtered", "skipped", "debounced", "waiting", "would_forward"].includes(s)) return "warning";
  return "neutral";
}
