// Integrations that ask for ordering (`settings.ordered: true`) run each connection's
// events one at a time, in arrival order, through a graphile-worker queue per connection.
// Others run in parallel for throughput.

export function runQueueName(settings: unknown, integrationId: string, connectionRowId: string | null): string | null {
  const ordered = typeof settings === "object" && settings !== null && (settings as { ordered?: unknown }).ordered === true;
  return ordered ? `pipeline:${integrationId}:${connectionRowId ?? "none"}` : null;
}
