// What happens to an event when its integration has no pipeline of its own: it is
// forwarded to the environment's forward URL, unless it has no connection and the
// environment drops such events.

export type ForwardDecision = { forward: true; url: string } | { forward: false; level: "info" | "warn"; reason: string };

export function decideForward(input: {
  hasConnection: boolean;
  unattributedPolicy: "forward" | "drop";
  forwardUrl: string | null;
}): ForwardDecision {
  if (!input.hasConnection && input.unattributedPolicy === "drop") {
    return { forward: false, level: "info", reason: "Dropped: this environment drops events without a connection" };
  }
  if (!input.forwardUrl) {
    return {
      forward: false,
      level: "warn",
      reason: "Not forwarded: this environment has no forward URL (set one in Settings, then replay)",
    };
  }
  return { forward: true, url: input.forwardUrl };
}
