import { createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";
import { test, expect, environmentKeys, restCall, signUp } from "./fixtures/switchboard";

// A developer wires their first pipeline: trigger → Function → Forward in the editor, the
// Function written in Monaco, a test run on a provider sample, save, then a real signed
// GitHub webhook whose enriched forward arrives, verified, at their backend.

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/hooks/switchboard`, received };
}

const FUNCTION_CODE = "export default async function (ctx: Context) { return { ...ctx.event.payload, enriched: true }; }";

test("build trigger → Function → Forward in the editor, test-run it, save, and receive the enriched forward", async ({ page, request }) => {
  test.setTimeout(150_000);
  const receiver = await startReceiver();
  try {
    const email = await signUp(page, "pipeline");

    // Setup through the REST API, as the customer's backend would do it.
    const keys = await environmentKeys(email);
    const webhookSecret = "e2e-github-secret";
    const integration = await restCall(request, keys.secretKey, "POST", "/api/v1/integrations", {
      key: "github",
      provider: "github",
      webhookSecret,
    });
    expect(integration.status).toBe(201);
    const environment = await restCall(request, keys.secretKey, "PATCH", "/api/v1/environment", {
      forwardUrl: receiver.url,
      allowPrivateForwardUrls: true,
    });
    expect(environment.status).toBe(200);
    const connection = await restCall(request, keys.secretKey, "POST", "/api/v1/connections", {
      integrationKey: "github",
      connectionId: "acme",
      attribution: { installationId: "58392017" },
    });
    expect(connection.status).toBe(201);

    // The list shows the default behaviour until a pipeline is saved.
    await page.getByRole("navigation").getByRole("link", { name: "Pipelines", exact: true }).click();
    const row = page.locator('[data-testid="pipeline-row"][data-key="github"]');
    await expect(row).toContainText("forwards every event");
    await row.getByRole("link", { name: "github" }).click();

    // The editor starts from the default: a trigger for every event wired to a Forward.
    await expect(page.getByTestId("pipeline-editor")).toBeVisible();
    await expect(page.getByTestId("default-badge")).toBeVisible();
    await expect(page.getByTestId("node-t1")).toBeVisible();
    await expect(page.getByTestId("node-w1")).toBeVisible();

    // Delete, then undo: the Forward comes back.
    await page.getByTestId("node-w1").click();
    await page.getByTestId("delete-selection").click();
    await expect(page.getByTestId("node-w1")).toHaveCount(0);
    await expect(page.getByTestId("unsaved-badge")).toBeVisible();

    // The browser's Back button with unsaved changes asks first; cancelling keeps the edits.
    const editorUrl = page.url();
    const guard: string[] = [];
    page.once("dialog", (dialog) => {
      guard.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goBack();
    await expect.poll(() => guard).toEqual(["You have unsaved changes to this pipeline. Leave without saving?"]);
    expect(page.url()).toBe(editorUrl);
    await expect(page.getByTestId("pipeline-editor")).toBeVisible();
    await expect(page.getByTestId("node-w1")).toHaveCount(0);
    await expect(page.getByTestId("unsaved-badge")).toBeVisible();
    await page.keyboard.press("Control+z");
    await expect(page.getByTestId("node-w1")).toBeVisible();

    // Trigger on issue events only.
    await page.getByTestId("node-t1").click();
    const panel = page.getByTestId("node-panel");
    await panel.getByRole("button", { name: "Remove *" }).click();
    await page.getByTestId("trigger-event-type-input").fill("issues.*");
    await page.getByTestId("trigger-event-type-input").press("Enter");
    await expect(page.getByTestId("node-t1")).toContainText("issues.*");

    // With the trigger selected, a Function from the palette goes in between trigger and Forward.
    await page.getByTestId("palette-function").click();
    await expect(page.getByTestId("node-fn1")).toBeVisible();
    await expect(panel).toContainText("Function");

    // Write the Function in Monaco.
    await panel.getByTestId("edit-code").click();
    const editor = page.getByTestId("code-dialog").locator(".monaco-editor");
    await expect(editor).toBeVisible({ timeout: 30_000 });
    await editor.locator(".view-lines").click();
    await page.keyboard.press("Control+a");
    await page.keyboard.insertText(FUNCTION_CODE);
    await expect(editor.locator(".view-lines")).toContainText("enriched: true");
    await page.getByTestId("code-dialog-done").click();
    await expect(panel.getByLabel("Code preview")).toContainText("enriched: true");

    // Test-run the draft on GitHub's issues.opened sample: every node reports, nothing is sent.
    await page.getByTestId("side-tab-test").click();
    await page.getByTestId("source-fixture").check();
    await page.getByTestId("fixture-select").selectOption({ label: "issues.opened (issues.opened)" });
    await page.getByTestId("run-test").click();
    await expect(page.getByTestId("node-status-t1")).toHaveText("succeeded");
    await expect(page.getByTestId("node-status-fn1")).toHaveText("succeeded");
    await expect(page.getByTestId("node-status-w1")).toHaveText("succeeded");
    await page.getByTestId("run-row-fn1").click();
    await page.getByTestId("tab-run").click();
    await expect(page.getByTestId("run-output")).toContainText('"enriched": true');
    await expect(page.getByTestId("run-input")).toContainText("Widget breaks on resize");
    expect(receiver.received).toHaveLength(0);

    // Save: version 1, active.
    await page.getByTestId("save-pipeline").click();
    await page.getByTestId("save-dialog").getByLabel("Message").fill("Enrich issue events");
    await page.getByTestId("save-confirm").click();
    await expect(page.getByTestId("save-notice")).toContainText("version 1");
    await expect(page.getByTestId("active-version-badge")).toHaveText("v1 active");
    await expect(page.getByTestId("unsaved-badge")).toHaveCount(0);
    await page.getByTestId("side-tab-versions").click();
    await expect(page.locator('[data-testid="version-row"][data-number="1"]')).toContainText("Enrich issue events");
    await expect(page.locator('[data-testid="version-row"][data-number="1"]')).toContainText(email);

    // Saved, nothing to guard: Back leaves for the list at once. It shows the active version,
    // and the editor opens on it again.
    await page.goBack();
    await expect(page).toHaveURL(/\/pipelines$/);
    await expect(row).toContainText("v1 active");
    await row.getByRole("link", { name: "github" }).click();
    await expect(page.getByTestId("active-version-badge")).toHaveText("v1 active");
    await expect(page.getByTestId("node-fn1")).toBeVisible();

    // A real, signed GitHub webhook goes through the saved pipeline.
    const body = JSON.stringify({
      action: "opened",
      issue: { id: 1, number: 7, title: "Real issue from e2e", state: "open" },
      repository: { id: 1, full_name: "acme/widgets" },
      sender: { login: "octocat" },
      installation: { id: 58392017 },
    });
    const sent = await request.post(`/webhooks/${keys.publicId}/github`, {
      headers: {
        "content-type": "application/json",
        "x-github-event": "issues",
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", webhookSecret).update(body).digest("hex")}`,
      },
      data: body,
    });
    expect(sent.status()).toBeLessThan(300);

    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThan(0);
    const forward = receiver.received[0]!;
    const verified = new Webhook(keys.forwardSigningSecret).verify(forward.body, {
      "webhook-id": String(forward.headers["webhook-id"]),
      "webhook-timestamp": String(forward.headers["webhook-timestamp"]),
      "webhook-signature": String(forward.headers["webhook-signature"]),
    }) as { type: string; payload: { enriched?: boolean; issue?: { title?: string } } };
    expect(verified.payload.enriched).toBe(true);
    expect(verified.payload.issue?.title).toBe("Real issue from e2e");

    // The webhook and the delivery the pipeline made show in the logs.
    const webhooks = await restCall(request, keys.secretKey, "GET", "/api/v1/webhooks?integrationKey=github");
    expect(webhooks.status).toBe(200);
    const list = webhooks.json as { data: Array<{ id: string }> };
    expect(list.data.length).toBeGreaterThan(0);
    await page.goto(`/logs/webhooks/${list.data[0]!.id}`);
    await expect(page.getByTestId("webhook-deliveries")).toContainText(new URL(receiver.url).host);
    // The pipeline run is an operation in the webhook's log, with one child per node.
    await expect(async () => {
      await page.reload();
      const timeline = page.getByTestId("log-timeline");
      await expect(timeline).toContainText("Pipeline v1: issues.opened", { timeout: 2_000 });
      await expect(timeline).toContainText("function fn1: succeeded", { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });

    // The run opens from the log on its own page: every node in the order it ran, with its
    // input, output, logs and time.
    await page.getByTestId("open-run").first().click();
    await expect(page.getByTestId("run-title")).toHaveText("Pipeline v1: issues.opened");
    await expect(page.getByTestId("run-status")).toHaveText("succeeded");
    const runNodes = page.getByTestId("run-node");
    await expect(runNodes).toHaveCount(3);
    expect(await runNodes.evaluateAll((items) => items.map((item) => item.getAttribute("data-node-id")))).toEqual(["t1", "fn1", "w1"]);
    const fnNode = runNodes.and(page.locator('[data-node-id="fn1"]'));
    await expect(fnNode.getByTestId("run-node-status")).toHaveText("succeeded");
    await expect(fnNode.getByTestId("run-node-duration")).toContainText(/\d+ ms/);
    await expect(fnNode.getByTestId("run-node-input")).toContainText("Real issue from e2e");
    await expect(fnNode.getByTestId("run-node-output")).toContainText('"enriched": true');
    const forwardNode = runNodes.and(page.locator('[data-node-id="w1"]'));
    await expect(forwardNode.getByTestId("run-node-logs")).toContainText(`Forward queued to ${receiver.url}`);
    // The pipeline's own page lists its recent runs, and each opens the same run page.
    const runUrl = page.url();
    await page.getByTestId("run-pipeline-link").click();
    await page.getByTestId("side-tab-runs").click();
    const recent = page.getByTestId("recent-run");
    await expect(recent).toHaveCount(1);
    await expect(recent).toContainText("issues.opened");
    await recent.click();
    await expect(page.getByTestId("run-title")).toHaveText("Pipeline v1: issues.opened");
    expect(page.url()).toBe(runUrl);
    await page.getByTestId("run-webhook-link").click();
    await expect(page.getByTestId("log-timeline")).toBeVisible();
  } finally {
    await new Promise((resolve) => receiver.server.close(resolve));
  }
});
