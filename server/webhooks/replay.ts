import { inTransaction } from "../lib/db";
import { uuidv7 } from "../lib/ids";
import { enqueue, type JobPayload } from "../jobs/catalog";
import { LogBatch } from "../logs/log-batch";
import { decideForward } from "./default-pipeline";
import { loadIntegrations } from "./process-webhooks";
import { insertPipelineRuns, loadActivePipelines, routeToPipeline, type PlannedRun } from "../pipelines/routing";
import { derivedUuid } from "../pipelines/step-ids";
import { wakeDeliveriesDrain } from "./drain-wakeup";

// The worker side of a replay: route a stored webhook's events again (new deliveries
// keyed by the replay, so running this job twice sends nothing twice), or, for a webhook
// that failed before producing events, put it back in the queue to be processed anew.

export async function runReplay({ webhookId, environmentId, replayId }: JobPayload<"webhook.replay">): Promise<void> {
  await inTransaction(async (client) => {
    const { rows } = await client.query<{ id: string; integration_id: string; status: string; event_count: number; error: string | null }>(
      `SELECT id, integration_id, status, event_count, error FROM webhooks WHERE id = $1 AND environment_id = $2 FOR UPDATE`,
      [webhookId, environmentId],
    );
    const webhook = rows[0];
    if (!webhook) {
      return;
    }
    const logs = new LogBatch();
    const opId = logs.operation({
      id: replayId,
      environmentId,
      parentId: webhookId,
      type: "replay",
      title: "Replay",
      status: "success",
      integrationId: webhook.integration_id,
      webhookId,
    });
    if (webhook.status === "failed" && webhook.event_count === 0) {
      await client.query(`UPDATE webhooks SET status = 'pending', error = NULL WHERE id = $1`, [webhookId]);
      await enqueue(client, "webhooks.drain", {}, { jobKey: "webhooks.drain" });
      // The webhook's own log entry is told from its row, which now starts afresh: the
      // failure it replaces is kept here.
      logs.message(
        environmentId,
        opId,
        "info",
        `Processing had failed (${webhook.error ?? "no reason recorded"}); queued to be processed again from its stored body`,
      );
      await logs.write(client);
      return;
    }
    const integration = (await loadIntegrations(client, [webhook.integration_id])).get(webhook.integration_id);
    if (!integration) {
      logs.operation({ id: opId, environmentId, parentId: webhookId, type: "replay", title: "Replay", status: "failed", webhookId });
      logs.message(environmentId, opId, "error", "The integration no longer exists");
      await logs.write(client);
      return;
    }
    const { rows: events } = await client.query<{ id: string; type: string; connection_id: string | null }>(
      `SELECT id, type, connection_id FROM events WHERE webhook_id = $1 AND status <> 'duplicate' ORDER BY index`,
      [webhookId],
    );
    let queued = 0;
    // An integration with an active pipeline replays through it: one new run per event,
    // its id derived from the replay so that running this job twice starts nothing twice.
    const pipeline = (await loadActivePipelines(client, [integration.id])).get(integration.id);
    const runs: PlannedRun[] = [];
    for (const event of events) {
      if (pipeline && (event.connection_id !== null || integration.unattributedPolicy === "forward")) {
        const routed = routeToPipeline(pipeline, {
          id: event.id,
          type: event.type,
          environmentId,
          webhookId,
          connectionId: event.connection_id,
          settings: integration.settings,
          runId: derivedUuid(replayId, event.id),
        });
        if (routed.run) runs.push(routed.run);
        logs.message(environmentId, opId, "info", `${event.type}: ${routed.message}`);
        continue;
      }
      const decision = decideForward({
        hasConnection: event.connection_id !== null,
        unattributedPolicy: integration.unattributedPolicy,
        forwardUrl: integration.forwardUrl,
      });
      if (!decision.forward) {
        logs.message(environmentId, opId, decision.level, `${event.type}: ${decision.reason}`);
        continue;
      }
      // No payload: like a first delivery, the standard forward body is built from the event when sent.
      const deliveryId = uuidv7();
      const inserted = await client.query(
        `INSERT INTO deliveries (id, environment_id, webhook_id, event_id, connection_id, idempotency_key, url, next_attempt_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now()) ON CONFLICT (environment_id, idempotency_key) DO NOTHING`,
        [deliveryId, environmentId, webhookId, event.id, event.connection_id, `replay:${replayId}:event:${event.id}`, decision.url],
      );
      if (inserted.rowCount) {
        queued++;
        logs.message(environmentId, opId, "info", `${event.type}: forward queued to ${decision.url}`, { deliveryId });
      }
    }
    logs.message(
      environmentId,
      opId,
      "info",
      `Replayed ${events.length} event${events.length === 1 ? "" : "s"}; ${queued} forward${queued === 1 ? "" : "s"} queued`,
    );
    if (queued > 0) await wakeDeliveriesDrain(client);
    await insertPipelineRuns(client, runs);
    await logs.write(client);
  });
}
