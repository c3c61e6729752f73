import { randomBytes } from "node:crypto";

// UUIDv7 (RFC 9562): time-ordered, so rows written together sit together in indexes.
// Generated here for the hot tables, where rows are inserted in batches with raw SQL.
let lastMs = 0;
let sequence = 0;

export function uuidv7(now = Date.now()): string {
  // Within one millisecond a 12-bit counter keeps ids of this process increasing.
  if (now <= lastMs) {
    sequence = (sequence + 1) & 0xfff;
    if (sequence === 0) lastMs += 1;
    now = lastMs;
  } else {
    lastMs = now;
    sequence = randomBytes(2).readUInt16BE(0) & 0x7ff;
  }
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
