import { db } from "../lib/db";
import { AppError } from "../lib/errors";
import type { Connection, Environment, Integration } from "../lib/generated/prisma/client";
import type { HostHandler } from "../functions/sandbox";
import { proxyRequest } from "../proxy/proxy.service";
import { deleteRecords, saveRecords, type RecordWriteResult } from "../records/records.service";
import type { StepResult } from "./walker";

// What ctx calls inside a Function do on the host. In a test run without "send for
// real" nothing leaves: API calls and forwards are reported, records and metadata are
// not written. The host's scope decides which runs may share a warm sandbox instance
// (and so a Function's module-level state): runs in the same environment and integration,
// test runs apart from live ones.

export interface FunctionHostOptions {
  environment: Environment;
  integration: Integration;
  connection: Connection | null;
  step: StepResult;
  /** The node's log operation, under which proxy calls are logged. */
  operationId: string;
  /** False only in a test run without "send for real". */
  live: boolean;
  /** Sends (or, in a test run, reports) ctx.forward's nth call of this node run. */
  forward(payload: unknown, n: number): Promise<void>;
}

interface ProxyArgs {
  method?: unknown;
  endpoint?: unknown;
  params?: unknown;
  headers?: unknown;
  data?: unknown;
}

function requireConnection(connection: Connection | null, what: string): Connection {
  if (!connection) throw new AppError("bad_request", `${what} needs a connection, and this event has none`);
  return connection;
}

function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) throw new AppError("bad_request", `${what} must be an object`);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

export function createFunctionHost(options: FunctionHostOptions): HostHandler {
  let forwards = 0;
  const { step } = options;
  const records = async (op: "save" | "update" | "delete", args: { model?: unknown; objects?: unknown }): Promise<RecordWriteResult> => {
    const connection = requireConnection(options.connection, `ctx.records.${op}`);
    const model = typeof args.model === "string" ? args.model : "";
    const count = Array.isArray(args.objects) ? args.objects.length : 1;
    if (!options.live) {
      step.messages.push({ level: "info", message: `Test run: would ${op} ${count} ${model} record(s)` });
      return { added: 0, updated: 0, deleted: 0, unchanged: count };
    }
    const scope = { environmentId: options.environment.id, integrationId: options.integration.id, connectionId: connection.id };
    const result = op === "delete" ? await deleteRecords(scope, model, args.objects) : await saveRecords(scope, model, args.objects);
    step.messages.push({ level: "info", message: `ctx.records.${op}(${model}): ${JSON.stringify(result)}` });
    return result;
  };

  const call = async (op: string, raw: unknown): Promise<unknown> => {
    const args = (raw ?? {}) as Record<string, unknown>;
    switch (op) {
      case "proxy": {
        const request = args as ProxyArgs;
        const connection = requireConnection(options.connection, "ctx.proxy");
        if (typeof request.endpoint !== "string" || request.endpoint.length === 0) {
          throw new AppError("bad_request", "ctx.proxy needs an endpoint, e.g. { method: 'GET', endpoint: '/v1/contacts/1' }");
        }
        const method = typeof request.method === "string" ? request.method.toUpperCase() : "GET";
        if (!options.live) {
          step.proxyCalls.push({ method, endpoint: request.endpoint, status: null, durationMs: 0, sent: false });
          return { status: 0, headers: {}, data: null };
        }
        const started = performance.now();
        try {
          const response = await proxyRequest({
            environment: options.environment,
            integration: options.integration,
            connection,
            method,
            endpoint: request.endpoint,
            params: stringRecord(request.params, "params"),
            headers: stringRecord(request.headers, "headers"),
            data: request.data,
            parentOperationId: options.operationId,
          });
          step.proxyCalls.push({
            method,
            endpoint: request.endpoint,
            status: response.status,
            durationMs: Math.round(performance.now() - started),
            sent: true,
          });
          return response;
        } catch (error) {
          step.proxyCalls.push({
            method,
            endpoint: request.endpoint,
            status: null,
            durationMs: Math.round(performance.now() - started),
            error: (error as Error).message,
            sent: true,
          });
          throw error;
        }
      }
      case "records.save":
        return records("save", args);
      case "records.update":
        return records("update", args);
      case "records.delete":
        return records("delete", args);
      case "forward":
        forwards++;
        await options.forward(args.payload, forwards);
        return { ok: true };
      case "setMetadata": {
        const connection = requireConnection(options.connection, "ctx.setMetadata");
        const metadata = args.metadata;
        if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) {
          throw new AppError("bad_request", "ctx.setMetadata needs an object");
        }
        if (!options.live) {
          step.messages.push({ level: "info", message: "Test run: metadata not written", data: metadata });
          return null;
        }
        await db().connection.update({ where: { id: connection.id }, data: { metadata: metadata } });
        return null;
      }
      default:
        throw new AppError("bad_request", `Unknown ctx operation ${op}`);
    }
  };
  const scope = `${options.environment.id}:${options.integration.id}:${options.live ? "live" : "test"}`;
  return { scope, call };
}
