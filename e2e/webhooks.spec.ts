import { createHmac, randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIRequestContext } from "@playwright/test";
import { test, expect, cli, environmentKeys, PASSWORD, restCall, signUp, uniqueEmail } from "./fixtures/switchboard";

// A developer's first real webhook: it arrives signed, shows up on the integration page,
// its detail page tells the whole story (attributed to the imported connection, delivered
// to their backend), and a request with a wrong signature is listed as rejected in Logs.

const SECRET = "e2e-github-secret";

/** The customer's backend: answers 200 and remembers what it was sent. */
async function startBackend(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      received.push(body);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("thanks");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks`, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function githubHeaders(raw: string, secret: string) {
  return {
    "content-type": "application/json",
    "x-github-event": "issues",
    "x-github-delivery": randomUUID(),
    "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`,
  };
}

/** The GitHub integration, set up through the REST API as the customer's backend would. */
async function createGithubIntegration(request: APIRequestContext, secretKey: string): Promise<void> {
  const created = await restCall(request, secretKey, "POST", "/api/v1/integrations", {
    key: "github",
    provider: "github",
    webhookSecret: SECRET,
  });
  expect(created.status).toBe(201);
}

test("a signed webhook appears on the integration page, its detail shows attribution and delivery, a bad signature is listed as rejected", async ({
  page,
  request,
}) => {
  const backend = await startBackend();
  try {
    const email = uniqueEmail("hooks");
    await cli("account", "create", "--email", email, "--password", PASSWORD);
    const keys = await environmentKeys(email);

    expect((await restCall(request, keys.secretKey, "PATCH", "/api/v1/environment", { forwardUrl: backend.url })).status).toBe(200);
    await createGithubIntegration(request, keys.secretKey);
    expect(
      (
        await restCall(request, keys.secretKey, "POST", "/api/v1/connections", {
          integrationKey: "github",
          connectionId: "acme-corp",
          attribution: { installationId: "4242" },
        })
      ).status,
    ).toBe(201);

    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Password").press("Enter");
    await expect(page.getByTestId("signed-in-email")).toHaveText(email);

    // Open the integration page before the webhook arrives: it appears without a reload.
    await page.goto("/integrations/github");
    await expect(page.getByTestId("recent-webhooks-empty")).toBeVisible();

    const raw = JSON.stringify({ action: "opened", installation: { id: 4242 }, issue: { number: 1, title: "Crash on start" } });
    const sent = await request.post(`/webhooks/${keys.publicId}/github`, { headers: githubHeaders(raw, SECRET), data: raw });
    expect(sent.status()).toBe(200);
    const { id } = (await sent.json()) as { id: string };

    const row = page.locator(`[data-testid="webhook-row"][data-webhook-id="${id}"]`);
    await expect(row).toBeVisible();
    await expect(row).toContainText("issues.opened");
    await row.getByRole("link", { name: "View" }).click();

    await expect(page).toHaveURL(new RegExp(`/logs/webhooks/${id}$`));
    await expect(page.getByTestId("webhook-title")).toHaveText("issues.opened");
    const event = page.getByTestId("webhook-event");
    await expect(event.getByTestId("event-attribution")).toHaveText("Attributed");
    await expect(event.getByTestId("event-connection")).toHaveText("acme-corp");
    await expect(event.getByTestId("event-connection")).toHaveAttribute("href", "/connections/github/acme-corp");
    // The page keeps polling while the delivery is under way.
    await expect(page.getByTestId("webhook-delivery").getByTestId("delivery-status")).toHaveText("Succeeded");
    await expect(page.getByTestId("delivery-attempts")).toContainText("200");
    await expect(page.getByTestId("webhook-headers")).toContainText("redacted");
    await expect(page.getByTestId("log-timeline").locator('[data-type="forward"]')).toBeVisible();
    expect(backend.received.length).toBe(1);

    const bad = await request.post(`/webhooks/${keys.publicId}/github`, { headers: githubHeaders(raw, "not-the-secret"), data: raw });
    expect(bad.status()).toBe(401);

    await page.getByRole("navigation").getByRole("link", { name: "Logs", exact: true }).click();
    await expect(page.locator(`[data-testid="webhook-row"][data-webhook-id="${id}"]`)).toBeVisible();
    await page.getByTestId("logs-tab-rejected").click();
    await expect(page).toHaveURL(/tab=rejected/);
    const rejection = page.getByTestId("rejection-row").first();
    await expect(rejection).toContainText("401");
    await expect(rejection).toContainText("github");
  } finally {
    await backend.close();
  }
});

test("in Settings, events that match no connection can be dropped instead of forwarded; such a webhook then shows its event dropped", async ({
  page,
  request,
}) => {
  const backend = await startBackend();
  try {
    const email = await signUp(page, "forwarding");
    const keys = await environmentKeys(email);
    await createGithubIntegration(request, keys.secretKey);

    await page.goto("/settings");
    const form = page.getByTestId("forwarding-form");
    // A dev environment's defaults: unattributed events are forwarded, 10 s timeout, localhost allowed.
    await expect(form.getByLabel(/Forward them/)).toBeChecked();
    await expect(form.getByLabel("Timeout", { exact: true })).toHaveValue("10");
    await expect(form.getByLabel("Allow forward URLs on localhost and private networks")).toBeChecked();

    await form.getByLabel("Forward URL", { exact: true }).fill(backend.url);
    await form.getByLabel(/Drop them/).check();
    await form.getByLabel("Timeout", { exact: true }).fill("0");
    await form.getByLabel("Timeout", { exact: true }).press("Enter");
    await expect(form.getByText("Enter a whole number of seconds from 1 to 60")).toBeVisible();
    await form.getByLabel("Timeout", { exact: true }).fill("5");
    await form.getByLabel("Timeout", { exact: true }).press("Enter");
    await expect(form.getByRole("status")).toHaveText("Saved");

    // Saved, not just shown: the settings come back after a reload and through the REST API.
    await page.reload();
    await expect(page.getByTestId("forwarding-form").getByLabel(/Drop them/)).toBeChecked();
    await expect(page.getByTestId("forwarding-form").getByLabel("Timeout", { exact: true })).toHaveValue("5");
    const settings = await restCall(request, keys.secretKey, "GET", "/api/v1/environment");
    expect(settings.json).toMatchObject({ forwardUrl: backend.url, unattributedPolicy: "drop", forwardTimeoutMs: 5000 });

    // An installation no connection has: the event is dropped, and the detail page says why.
    const raw = JSON.stringify({ action: "opened", installation: { id: 999 }, issue: { number: 2, title: "Nobody's" } });
    const sent = await request.post(`/webhooks/${keys.publicId}/github`, { headers: githubHeaders(raw, SECRET), data: raw });
    expect(sent.status()).toBe(200);
    const { id } = (await sent.json()) as { id: string };
    await page.goto(`/logs/webhooks/${id}`);
    const event = page.getByTestId("webhook-event");
    await expect(event.getByTestId("event-note")).toHaveText("Dropped: this environment drops events without a connection");
    await expect(event).toContainText("Dropped");
    await expect(event).toContainText("Unattributed");
    expect(backend.received).toEqual([]);
  } finally {
    await backend.close();
  }
});
