import { createHash, randomFillSync } from "node:crypto";

// UUIDv7 (RFC 9562): time-ordered, so rows written together sit together in indexes.
// Generated here for the hot tables, where rows are inserted in batches with raw SQL.
let lastMs = 0;
let sequence = 0;

// Random bytes are drawn from a pool refilled in bulk: one syscall per 256 ids.
const POOL_SIZE = 16 * 256;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function random16(): Buffer {
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = Buffer.from(pool.subarray(poolOffset, poolOffset + 16));
  poolOffset += 16;
  return bytes;
}

export function uuidv7(now = Date.now()): string {
  // Within one millisecond a 12-bit counter keeps ids of this process increasing.
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const bytes = random16();
  if (sequence === 0) sequence = bytes.readUInt16BE(14) & 0x7ff;
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  return format(bytes);
}

/** Sets the RFC 9562 variant bits and writes the 16 bytes as a UUID string. */
function format(bytes: Buffer): string {
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * An id derived from another UUIDv7, the same every time for the same (base, kind, index):
 * it keeps the base's timestamp (so it sorts with it, unlike the pipelines' `derivedUuid`)
 * and fills the random part from a hash. Work redone after a crash gets the ids it had the first time, e.g. a forward sent
 * again carries the same `webhook-id`.
 */
export function derivedUuidv7(base: string, kind: string, index: number): string {
  const hash = createHash("sha256").update(`${base}/${kind}/${index}`).digest();
  const bytes = Buffer.from(base.replaceAll("-", ""), "hex");
  hash.copy(bytes, 8, 0, 8);
  return format(bytes);
}
