// When a debounce key fires: after `windowMs` of quiet (each new event pushes it back),
// but never later than `maxWaitMs` after the first event still waiting.

export function debounceFireAt(input: { now: Date; firstAt: Date; windowMs: number; maxWaitMs?: number | undefined }): Date {
  const trailing = input.now.getTime() + input.windowMs;
  if (input.maxWaitMs === undefined) return new Date(trailing);
  return new Date(Math.min(trailing, input.firstAt.getTime() + input.maxWaitMs));
}

/** What a fired key passes on: the latest value, or all of them in arrival order. */
export function debounceOutput(mode: "latest" | "batch", values: unknown[]): unknown {
  return mode === "latest" ? values[values.length - 1] : values;
}
