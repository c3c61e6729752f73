import type { PoolClient } from "pg";
import { uuidv7 } from "../lib/ids";

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
  data: string | null;
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
      data: data === undefined ? null : JSON.stringify(data),
      createdAt: new Date(),
    });
  }

  get size(): number {
    return this.operations.size + this.messages.length;
  }

  async write(client: Pick<PoolClient, "query">): Promise<void> {
    const ops = [...this.operations.values()];
    if (ops.length > 0) {
      await client.query(
        `INSERT INTO log_operations (id, environment_id, parent_id, type, title, status, integration_id, connection_id, webhook_id, event_id, started_at, ended_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::"OperationStatus"[], $7::uuid[], $8::uuid[], $9::uuid[], $10::uuid[], $11::timestamptz[], $12::timestamptz[])
         ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, title = EXCLUDED.title, ended_at = EXCLUDED.ended_at`,
        [
          ops.map((o) => o.id),
          ops.map((o) => o.environmentId),
          ops.map((o) => o.parentId),
          ops.map((o) => o.type),
          ops.map((o) => o.title),
          ops.map((o) => o.status),
          ops.map((o) => o.integrationId),
          ops.map((o) => o.connectionId),
          ops.map((o) => o.webhookId),
          ops.map((o) => o.eventId),
          ops.map((o) => o.startedAt),
          ops.map((o) => o.endedAt),
        ],
      );
    }
    const msgs = this.messages;
    if (msgs.length > 0) {
      await client.query(
        `INSERT INTO log_messages (id, environment_id, operation_id, level, message, data, created_at)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::"LogLevel"[], $5::text[], $6::jsonb[], $7::timestamptz[])`,
        [
          msgs.map((m) => m.id),
          msgs.map((m) => m.environmentId),
          msgs.map((m) => m.operationId),
          msgs.map((m) => m.level),
          msgs.map((m) => m.message),
          msgs.map((m) => m.data),
          msgs.map((m) => m.createdAt),
        ],
      );
    }
    this.operations.clear();
    this.messages = [];
  }
}
