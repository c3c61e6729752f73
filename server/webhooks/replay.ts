import { pool } from "../lib/db";
import { uuidv7 } from "../lib/ids";
import { enqueue, type JobPayload } from "../jobs/catalog";
import { LogBatch } from "../logs/log-batch";
import { forwardBody } from "../forwarding/forward-payload";
import { decideForward } from "./default-pipeline";
import { loadIntegrations } from "./process-webhooks";
import { insertPipelineRuns, loadActivePipelines, routeToPipeline, type PlannedRun } from "../pipelines/routing";
import { derivedUuid } from "../pipelines/step-ids";

// The worker side of a replay: route a stored webhook's events again (new deliveries
// keyed by the replay, so running this job twice sends nothing twice), or, for a webhook
// that failed before producing events, put it back in the queue to be processed anew.

export async function runReplay({ webhookId, environmentId, replayId }: JobPayload<"webhook.replay">): Promise<void> {
  const client = await pool().connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ id: string; integration_id: string; status: string; event_count: number; received_at: Date }>(
      `SELECT id, integration_id, status, event_count, received_at FROM webhooks WHERE id = $1 AND environment_id = $2 FOR UPDATE`,
      [webhookId, environmentId],
    );
    const webhook = rows[0];
    if (!webhook) {
      await client.query("ROLLBACK");
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
      logs.message(environmentId, opId, "info", "The webhook is queued to be processed again from its stored body");
      await logs.write(client);
      await client.query("COMMIT");
      return;
    }
    const integration = (await loadIntegrations(client, [webhook.integration_id])).get(webhook.integration_id);
    if (!integration) {
      logs.operation({ id: opId, environmentId, parentId: webhookId, type: "replay", title: "Replay", status: "failed", webhookId });
      logs.message(environmentId, opId, "error", "The integration no longer exists");
      await logs.write(client);
      await client.query("COMMIT");
      return;
    }
    const { rows: events } = await client.query<{
      id: string;
      type: string;
      provider_event_id: string | null;
      payload: unknown;
      connection_id: string | null;
      external_id: string | null;
    }>(
      `SELECT e.id, e.type, e.provider_event_id, e.payload, e.connection_id, c.connection_id AS external_id
         FROM events e LEFT JOIN connections c ON c.id = e.connection_id
        WHERE e.webhook_id = $1 AND e.status <> 'duplicate' ORDER BY e.index`,
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
      const body = forwardBody({
        provider: integration.provider,
        integrationKey: integration.key,
        connectionId: event.external_id,
        eventType: event.type,
        providerEventId: event.provider_event_id,
        receivedAt: webhook.received_at,
        payload: event.payload,
      });
      const deliveryId = uuidv7();
      const inserted = await client.query(
        `INSERT INTO deliveries (id, environment_id, webhook_id, event_id, connection_id, idempotency_key, url, payload, next_attempt_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now(), now()) ON CONFLICT (environment_id, idempotency_key) DO NOTHING`,
        [
          deliveryId,
          environmentId,
          webhookId,
          event.id,
          event.connection_id,
          `replay:${replayId}:event:${event.id}`,
          decision.url,
          JSON.stringify(body),
        ],
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
    if (queued > 0) await enqueue(client, "deliveries.drain", {}, { jobKey: "deliveries.drain" });
    await insertPipelineRuns(client, runs);
    await logs.write(client);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
