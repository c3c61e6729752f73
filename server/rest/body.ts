import type { IncomingMessage } from "node:http";
import { AppError } from "../lib/errors";
import { HttpError } from "./errors";

// Request bodies are JSON, at most 1 MiB. An over-size body is refused as soon as its
// declared length or the bytes received so far pass the limit; the rest is not kept.

export const MAX_BODY_BYTES = 1024 * 1024;

function isJsonContentType(header: string | undefined): boolean {
  const type = header?.split(";")[0]?.trim().toLowerCase() ?? "";
  return type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type);
}

function tooLarge(): HttpError {
  // The connection is closed after the answer rather than read to its end.
  return new HttpError("payload_too_large", `Request body must be at most ${MAX_BODY_BYTES} bytes`, { connection: "close" });
}

export function readRawBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      cleanup();
      reject(new AppError("bad_request", "Request body was cut off"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

/** The parsed JSON body; 415 when it is not declared as JSON, 400 when it does not parse. */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  if (!isJsonContentType(req.headers["content-type"])) {
    throw new HttpError("unsupported_media_type", "Send the request body as JSON with `Content-Type: application/json`");
  }
  const raw = await readRawBody(req);
  if (raw.length === 0) throw new AppError("bad_request", "Request body is empty; send a JSON object");
  try {
    return JSON.parse(raw.toString("utf8")) as unknown;
  } catch (error) {
    throw new AppError("bad_request", `Request body is not valid JSON: ${(error as Error).message}`);
  }
}
