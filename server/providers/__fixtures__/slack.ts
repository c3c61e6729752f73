// Slack requests: Events API JSON, interactivity (form-encoded payload=<json>), slash commands.

import { hmac, hookBaseUrl, json, makeWebhook, seconds, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "8f742231b10e8888abcd99edcba85a5e";
const url = `${hookBaseUrl}/slack-bot`;

const messageEvent = {
  token: "XXYYZZ",
  team_id: "T061EG9R6",
  api_app_id: "A0MDYCDME",
  event: {
    type: "message",
    channel: "C2147483705",
    user: "U2147483697",
    text: "Hello world",
    ts: "1355517523.000005",
    event_ts: "1355517523.000005",
    channel_type: "channel",
  },
  type: "event_callback",
  authorizations: [{ enterprise_id: null, team_id: "T061EG9R6", user_id: "U0JD3BPNC", is_bot: true, is_enterprise_install: false }],
  event_id: "Ev0PV52K21",
  event_time: 1795867196,
  event_context: "EC12345",
};

const gridMention = {
  token: "XXYYZZ",
  team_id: "T0GRID001",
  enterprise_id: "E0ENT0001",
  api_app_id: "A0MDYCDME",
  event: { type: "app_mention", user: "W021J1KQ5", text: "<@U0LAN0Z89> deploy?", ts: "1515449522.000016", channel: "C0LAN2Q65" },
  type: "event_callback",
  event_id: "Ev0MDYGDKJ",
  event_time: 1795867197,
  is_ext_shared_channel: false,
};

const rateLimited = {
  token: "XXYYZZ",
  type: "app_rate_limited",
  team_id: "T061EG9R6",
  minute_rate_limited: 1795867140,
  api_app_id: "A0MDYCDME",
};

const blockActions = {
  type: "block_actions",
  team: { id: "T061EG9R6", domain: "acme" },
  user: { id: "U2147483697", username: "jane", team_id: "T061EG9R6" },
  api_app_id: "A0MDYCDME",
  token: "XXYYZZ",
  trigger_id: "12466734323.1395872398.a7e5b7c5d3f6e4a2",
  channel: { id: "C2147483705", name: "general" },
  actions: [{ action_id: "approve", block_id: "b1", type: "button", value: "ok", action_ts: "1795867198.123" }],
};

const slashCommand = new URLSearchParams({
  token: "XXYYZZ",
  team_id: "T061EG9R6",
  team_domain: "acme",
  channel_id: "C2147483705",
  channel_name: "general",
  user_id: "U2147483697",
  user_name: "jane",
  command: "/deploy",
  text: "api production",
  api_app_id: "A0MDYCDME",
  response_url: "https://hooks.slack.com/commands/T061EG9R6/1234/abcd",
  trigger_id: "13345224609.738474920.8088930838d88f008e0",
}).toString();

function request(input: SignInput, body: string, contentType: string) {
  const timestamp = String(seconds(input.at));
  return makeWebhook({
    url,
    headers: {
      "content-type": contentType,
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${hmac("sha256", input.secret, `v0:${timestamp}:${body}`).toString("hex")}`,
    },
    body,
  });
}

const jsonRequest = (input: SignInput, payload: unknown) => request(input, json(payload), "application/json");
const formRequest = (input: SignInput, body: string) => request(input, body, "application/x-www-form-urlencoded");

export const slackFixtures: ProviderFixtures = {
  provider: "slack",
  secret,
  settings: {},
  toleranceSec: 300,
  unsign: (webhook) => withoutHeaders(webhook, "x-slack-signature"),
  events: [
    {
      name: "event_callback message",
      build: (input) => jsonRequest(input, messageEvent),
      expected: [
        {
          type: "message",
          attribution: { teamId: "T061EG9R6" },
          idempotencyKey: "Ev0PV52K21",
          objectId: "C2147483705",
          providerEventId: "Ev0PV52K21",
        },
      ],
    },
    {
      name: "Enterprise Grid app_mention",
      build: (input) => jsonRequest(input, gridMention),
      expected: [
        {
          type: "app_mention",
          attribution: { teamId: "T0GRID001", enterpriseId: "E0ENT0001" },
          idempotencyKey: "Ev0MDYGDKJ",
          objectId: "C0LAN2Q65",
        },
      ],
    },
    {
      name: "app_rate_limited (outer type)",
      build: (input) => jsonRequest(input, rateLimited),
      expected: [{ type: "app_rate_limited", attribution: { teamId: "T061EG9R6" }, idempotencyKey: null }],
    },
    {
      name: "block_actions interaction",
      build: (input) => formRequest(input, `payload=${encodeURIComponent(json(blockActions))}`),
      expected: [
        {
          type: "block_actions",
          attribution: { teamId: "T061EG9R6" },
          idempotencyKey: "12466734323.1395872398.a7e5b7c5d3f6e4a2",
          objectId: "C2147483705",
        },
      ],
    },
    {
      name: "slash command",
      build: (input) => formRequest(input, slashCommand),
      expected: [
        {
          type: "slash_command",
          attribution: { teamId: "T061EG9R6" },
          idempotencyKey: "13345224609.738474920.8088930838d88f008e0",
          objectId: "C2147483705",
        },
      ],
    },
  ],
  handshakes: [
    {
      name: "url_verification",
      build: (input) =>
        jsonRequest(input, {
          token: "Jhj5dZrVaK7ZwHHjRyZWjbDl",
          challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
          type: "url_verification",
        }),
      expected: {
        status: 200,
        body: () => "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        contentType: "text/plain",
        requiresSignature: true,
      },
    },
    {
      name: "ssl_check",
      build: (input) => formRequest(input, "ssl_check=1&token=XXYYZZ"),
      expected: { status: 200, body: () => "", requiresSignature: true },
    },
  ],
};
