// The body Switchboard sends to the customer's backend for one event. Stable contract:
// documented in the README and the OpenAPI document.
export interface ForwardBody {
  type: "forward";
  from: string;
  integrationKey: string;
  connectionId: string | null;
  eventType: string;
  eventId: string | null;
  receivedAt: string;
  payload: unknown;
}

export function forwardBody(input: {
  provider: string;
  integrationKey: string;
  connectionId: string | null;
  eventType: string;
  providerEventId: string | null;
  receivedAt: Date;
  payload: unknown;
}): ForwardBody {
  return {
    type: "forward",
    from: input.provider,
    integrationKey: input.integrationKey,
    connectionId: input.connectionId,
    eventType: input.eventType,
    eventId: input.providerEventId,
    receivedAt: input.receivedAt.toISOString(),
    payload: input.payload,
  };
}

/** The idempotency key of an event's standard forward: at most one per event. */
export function defaultForwardKey(eventId: string): string {
  return `event:${eventId}:forward`;
}
