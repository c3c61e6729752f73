import type { PoolClient } from "pg";
import { uuidv7 } from "../lib/ids";
import { storableJson } from "../lib/storable-text";

// Log entries collected while a batch of work runs, then written with two INSERTs in
// the same transaction as the work itself. Operation ids are often the id of what they
// describe (webhook, event, delivery), so a re-run writes nothing twice.

export type OperationStatus = "running" | "success" | "failed" | "skipped";
export type LogLevel = "debug" | "info" | "warn" | "error";

export interface OperationInput {
  id?: string;
  environmentId: string;
  parentId?: string | null;
  type: string;
  title: string;
  status: OperationStatus;
  integrationId?: string | null;
  connectionId?: string | null;
  webhookId?: string | null;
  eventId?: string | null;
  startedAt?: Date;
  endedAt?: Date | null;
}

interface MessageRow {
  id: string;
  environmentId: string;
  operationId: string;
  level: LogLevel;
  message: string;
  data: unknown;
  createdAt: Date;
}

export class LogBatch {
  // Keyed by id: describing an operation again (e.g. with its final status) replaces it.
  private operations = new Map<string, Required<Omit<OperationInput, "endedAt">> & { endedAt: Date | null }>();
  private messages: MessageRow[] = [];

  operation(input: OperationInput): string {
    const id = input.id ?? uuidv7();
    const startedAt = input.startedAt ?? new Date();
    this.operations.set(id, {
      id,
      environmentId: input.environmentId,
      parentId: input.parentId ?? null,
      type: input.type,
      title: input.title,
      status: input.status,
      integrationId: input.integrationId ?? null,
      connectionId: input.connectionId ?? null,
      webhookId: input.webhookId ?? null,
      eventId: input.eventId ?? null,
      startedAt,
      endedAt: input.endedAt === undefined ? (input.status === "running" ? null : new Date()) : input.endedAt,
    });
    return id;
  }

  message(environmentId: string, operationId: string, level: LogLevel, message: string, data?: unknown): void {
    this.messages.push({
      id: uuidv7(),
      environmentId,
      operationId,
      level,
      message,
      data: data ?? null,
      createdAt: new Date(),
    });
  }

  get size(): number {
    return this.operations.size + this.messages.length;
  }

  async write(client: Pick<PoolClient, "query">): Promise<void> {
    // Rows go over as one JSON document per table: JSON.stringify is native, where
    // array parameters are escaped element by element in JavaScript. Text Postgres cannot
    // hold (a NUL from a Function's output, say) is logged as U+FFFD.
    const ops = [...this.operations.values()];
    if (ops.length > 0) {
      await client.query(
        `INSERT INTO log_operations (id, environment_id, parent_id, type, title, status, integration_id, connection_id, webhook_id, event_id, started_at, ended_at)
         SELECT * FROM json_to_recordset($1::json) AS o(id uuid, "environmentId" uuid, "parentId" uuid, type text, title text, status "OperationStatus",
                "integrationId" uuid, "connectionId" uuid, "webhookId" uuid, "eventId" uuid, "startedAt" timestamptz, "endedAt" timestamptz)
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, title = EXCLUDED.title, ended_at = EXCLUDED.ended_at`,
        [storableJson(JSON.stringify(ops))],
      );
    }
    const msgs = this.messages;
    if (msgs.length > 0) {
      await client.query(
        `INSERT INTO log_messages (id, environment_id, operation_id, level, message, data, created_at)
         SELECT * FROM json_to_recordset($1::json)
             AS m(id uuid, "environmentId" uuid, "operationId" uuid, level "LogLevel", message text, data jsonb, "createdAt" timestamptz)`,
        [storableJson(JSON.stringify(msgs))],
      );
    }
    this.operations.clear();
    this.messages = [];
  }
}
