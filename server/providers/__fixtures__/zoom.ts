// Zoom event notifications and the endpoint.url_validation challenge, both signed.

import {
  fixtureNow,
  hmac,
  hookBaseUrl,
  json,
  makeWebhook,
  seconds,
  withoutHeaders,
  type ProviderFixtures,
  type SignInput,
} from "./helpers";

const secret = "zm_secret_token_8Fq2LxT0aR5vN1cW";
const url = `${hookBaseUrl}/zoom-meetings`;
const eventTs = fixtureNow.getTime() - 2_500;

const meetingStarted = {
  event: "meeting.started",
  event_ts: eventTs,
  payload: {
    account_id: "AAAAAABBBB",
    object: {
      id: "1234567890",
      uuid: "czLF6FFDQhGmf+o9ndKCoA==",
      host_id: "x1yCzABCDEfg23HiJKl4mN",
      topic: "Weekly sync",
      type: 2,
      start_time: "2026-11-28T11:59:57Z",
      timezone: "Europe/Berlin",
      duration: 60,
    },
  },
};

const recordingCompleted = {
  event: "recording.completed",
  event_ts: eventTs + 700,
  payload: {
    account_id: "CCCCCCDDDD",
    object: {
      id: 98765432101,
      uuid: "4444AAAiAAAAAiAiAiiAii==",
      host_id: "z8yCxjabcdEFGHfp8uQ",
      topic: "Board meeting",
      recording_files: [{ id: "ed6c2f27-2ae7-42f4-b3d0-835b493e4fa8", file_type: "MP4", status: "completed" }],
    },
  },
};

function request(input: SignInput, payload: unknown) {
  const body = json(payload);
  const timestamp = String(seconds(input.at));
  return makeWebhook({
    url,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Zoom Marketplace/1.0a",
      "x-zm-request-timestamp": timestamp,
      "x-zm-signature": `v0=${hmac("sha256", input.secret, `v0:${timestamp}:${body}`).toString("hex")}`,
      "x-zm-trackingid": "v=2.0;clid=aw1;rid=WEB_8c1a2b",
    },
    body,
  });
}

const plainToken = "qgg8vlvZRS6UYooatFL8Aw";

export const zoomFixtures: ProviderFixtures = {
  provider: "zoom",
  secret,
  settings: {},
  toleranceSec: 300,
  unsign: (webhook) => withoutHeaders(webhook, "x-zm-signature"),
  events: [
    {
      name: "meeting.started",
      build: (input) => request(input, meetingStarted),
      expected: [
        {
          type: "meeting.started",
          attribution: { accountId: "AAAAAABBBB" },
          idempotencyKey: `meeting.started:${eventTs}:AAAAAABBBB:1234567890`,
          objectId: "1234567890",
        },
      ],
    },
    {
      name: "recording.completed",
      build: (input) => request(input, recordingCompleted),
      expected: [
        {
          type: "recording.completed",
          attribution: { accountId: "CCCCCCDDDD" },
          idempotencyKey: `recording.completed:${eventTs + 700}:CCCCCCDDDD:98765432101`,
          objectId: "98765432101",
        },
      ],
    },
  ],
  handshakes: [
    {
      name: "endpoint.url_validation",
      build: (input) => request(input, { payload: { plainToken }, event_ts: eventTs, event: "endpoint.url_validation" }),
      expected: {
        status: 200,
        body: (key) => json({ plainToken, encryptedToken: hmac("sha256", key, plainToken).toString("hex") }),
        contentType: "application/json",
        requiresSignature: true,
      },
    },
  ],
};
