import { createHash } from "node:crypto";

// Log operation ids derived from what they describe (run + node), so that a re-run
// after a crash updates the same entry instead of adding another.
export function derivedUuid(...parts: string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  // RFC 9562 version 8 (custom) with the variant bits set.
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A step of a run: the node, and for a node reached by several values, which one (`<` then the path). */
export function stepKey(nodeId: string, path: string): string {
  return path === "" ? nodeId : `${nodeId}<${path}`;
}
