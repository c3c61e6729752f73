// Calendly webhook envelopes { event, created_at, created_by, payload } with t=…,v1=… signatures.

import { hmac, hookBaseUrl, json, makeWebhook, seconds, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "cal_signing_key_Qm3vX8pL2nR7tY4w";
const url = `${hookBaseUrl}/calendly`;
const user = "https://api.calendly.com/users/AAAAAAAAAAAAAAAA";
const inviteeUri = "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2/invitees/FFGFGHBEAGEDAABH";

const inviteeCreated = {
  created_at: "2026-11-28T11:59:58.000000Z",
  created_by: user,
  event: "invitee.created",
  payload: {
    uri: inviteeUri,
    email: "test@example.com",
    name: "John Doe",
    first_name: "John",
    last_name: "Doe",
    status: "active",
    timezone: "America/New_York",
    event: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
    rescheduled: false,
    old_invitee: null,
    new_invitee: null,
    cancel_url: "https://calendly.com/cancellations/FFGFGHBEAGEDAABH",
    reschedule_url: "https://calendly.com/reschedulings/FFGFGHBEAGEDAABH",
    questions_and_answers: [{ question: "What topics would you like to discuss?", answer: "Pricing", position: 0 }],
    tracking: { utm_source: null, utm_campaign: null },
    scheduled_event: {
      uri: "https://api.calendly.com/scheduled_events/GBGBDCAADAEDCRZ2",
      name: "30 Minute Meeting",
      status: "active",
      start_time: "2026-12-01T15:00:00.000000Z",
      end_time: "2026-12-01T15:30:00.000000Z",
      event_type: "https://api.calendly.com/event_types/GBGBDCAADAEDCRZ2",
      event_memberships: [{ user, user_email: "host@example.com", user_name: "Host" }],
    },
    created_at: "2026-11-28T11:59:57.000000Z",
    updated_at: "2026-11-28T11:59:57.000000Z",
  },
};

const routingFormSubmission = {
  created_at: "2026-11-28T11:59:59.000000Z",
  created_by: user,
  event: "routing_form_submission.created",
  payload: {
    uri: "https://api.calendly.com/routing_form_submissions/AAAAAAAAAAAAAAAA",
    routing_form: "https://api.calendly.com/routing_forms/AAAAAAAAAAAAAAAA",
    questions_and_answers: [{ question_uuid: "123abc", question: "Company size?", answer: "50-200" }],
    result: { type: "event_type", value: "https://api.calendly.com/event_types/AAAAAAAAAAAAAAAA" },
    submitter: null,
    submitter_type: null,
    created_at: "2026-11-28T11:59:59.000000Z",
    updated_at: "2026-11-28T11:59:59.000000Z",
  },
};

function request(input: SignInput, payload: unknown) {
  const body = json(payload);
  const t = String(seconds(input.at));
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "calendly-webhook-signature": `t=${t},v1=${hmac("sha256", input.secret, `${t}.${body}`).toString("hex")}`,
    },
    body,
  });
}

export const calendlyFixtures: ProviderFixtures = {
  provider: "calendly",
  secret,
  settings: {},
  toleranceSec: 180,
  unsign: (webhook) => withoutHeaders(webhook, "calendly-webhook-signature"),
  events: [
    {
      name: "invitee.created",
      build: (input) => request(input, inviteeCreated),
      expected: [{ type: "invitee.created", attribution: { user }, idempotencyKey: `invitee.created:${inviteeUri}`, objectId: inviteeUri }],
    },
    {
      name: "routing_form_submission.created",
      build: (input) => request(input, routingFormSubmission),
      expected: [
        {
          type: "routing_form_submission.created",
          attribution: { user },
          idempotencyKey: "routing_form_submission.created:https://api.calendly.com/routing_form_submissions/AAAAAAAAAAAAAAAA",
          objectId: "https://api.calendly.com/routing_form_submissions/AAAAAAAAAAAAAAAA",
        },
      ],
    },
  ],
  handshakes: [],
};
