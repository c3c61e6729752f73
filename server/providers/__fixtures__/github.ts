// GitHub App deliveries: event name, delivery GUID and signatures in headers.

import { hmac, hookBaseUrl, json, makeWebhook, withoutHeaders, type ProviderFixtures, type SignInput } from "./helpers";

const secret = "gh-webhook-secret-9f3e1c7a5b";
const url = `${hookBaseUrl}/github-app`;

const installation = { id: 58392017, node_id: "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNTgzOTIwMTc=" };
const repository = { id: 718233901, node_id: "R_kgDOKs8gLQ", name: "widgets", full_name: "acme/widgets", private: true };
const sender = { login: "octocat", id: 583231, type: "User" };

const issueOpened = {
  action: "opened",
  issue: { id: 2615890341, number: 42, title: "Widget breaks on resize", state: "open", user: sender, labels: [] },
  repository,
  organization: { login: "acme", id: 9919 },
  sender,
  installation,
};

const push = {
  ref: "refs/heads/main",
  before: "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
  after: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
  repository,
  pusher: { name: "octocat", email: "octocat@github.com" },
  sender,
  installation,
  commits: [{ id: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", message: "Fix resize", distinct: true }],
  head_commit: { id: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c", message: "Fix resize" },
};

const pullRequestClosed = {
  action: "closed",
  number: 7,
  pull_request: { id: 1874329981, number: 7, state: "closed", merged: true, title: "Resize fix" },
  repository,
  sender,
  installation,
};

const ping = {
  zen: "Design for failure.",
  hook_id: 470212861,
  hook: { type: "App", id: 470212861, app_id: 912334, active: true, events: ["issues", "push", "pull_request"] },
};

function delivery(input: SignInput, event: string, guid: string, body: string, contentType = "application/json") {
  return makeWebhook({
    url,
    headers: {
      "content-type": contentType,
      "user-agent": "GitHub-Hookshot/a1b2c3d",
      "x-github-event": event,
      "x-github-delivery": guid,
      "x-github-hook-id": "470212861",
      "x-github-hook-installation-target-type": "integration",
      "x-github-hook-installation-target-id": "912334",
      "x-hub-signature": `sha1=${hmac("sha1", input.secret, body).toString("hex")}`,
      "x-hub-signature-256": `sha256=${hmac("sha256", input.secret, body).toString("hex")}`,
    },
    body,
  });
}

export const githubFixtures: ProviderFixtures = {
  provider: "github",
  secret,
  settings: {},
  toleranceSec: null,
  unsign: (webhook) => withoutHeaders(webhook, "x-hub-signature", "x-hub-signature-256"),
  events: [
    {
      name: "issues.opened",
      build: (input) => delivery(input, "issues", "72d3162e-cc78-11e3-81ab-4c9367dc0958", json(issueOpened)),
      expected: [
        {
          type: "issues.opened",
          attribution: { installationId: "58392017" },
          idempotencyKey: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
          objectId: "2615890341",
          providerEventId: "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        },
      ],
    },
    {
      name: "push (no action)",
      build: (input) => delivery(input, "push", "9a1f4b20-cc79-11e3-8c2e-7d5d2a0b11aa", json(push)),
      expected: [
        {
          type: "push",
          attribution: { installationId: "58392017" },
          idempotencyKey: "9a1f4b20-cc79-11e3-8c2e-7d5d2a0b11aa",
          objectId: "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c",
        },
      ],
    },
    {
      name: "pull_request.closed sent form-encoded",
      build: (input) =>
        delivery(
          input,
          "pull_request",
          "b3c9e0d4-cc7a-11e3-9d4f-1e2f3a4b5c6d",
          `payload=${encodeURIComponent(json(pullRequestClosed))}`,
          "application/x-www-form-urlencoded",
        ),
      expected: [
        {
          type: "pull_request.closed",
          attribution: { installationId: "58392017" },
          idempotencyKey: "b3c9e0d4-cc7a-11e3-9d4f-1e2f3a4b5c6d",
          objectId: "1874329981",
        },
      ],
    },
  ],
  handshakes: [
    {
      name: "ping",
      build: (input) => delivery(input, "ping", "0e4f1a2b-cc76-11e3-8a1b-5c6d7e8f9a0b", json(ping)),
      expected: { status: 200, body: () => "pong", requiresSignature: true },
    },
  ],
};
