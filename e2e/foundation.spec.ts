import { test, expect, environmentKeys, restCall, uniqueEmail } from "./fixtures/switchboard";

// A new team's first minutes: sign up, create an integration, copy its webhook URL,
// import a connection from their backend, and find it in the dashboard.

test("sign up, create an integration, copy its webhook URL, import a connection and see it listed", async ({ page, context, request }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const email = uniqueEmail("founder");

  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByLabel("Password").press("Enter");

  // A new account lands on an empty Integrations page that says what to do next.
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);
  await page.getByTestId("new-integration").first().click();
  await page.getByTestId("provider-github").click();

  const form = page.getByTestId("integration-create-form");
  await form.getByLabel("Key").fill("github");
  await form.getByLabel("Webhook secret").fill("e2e-webhook-secret");
  await form.getByRole("button", { name: /create/i }).click();

  const webhookUrl = page.getByTestId("webhook-url");
  await expect(webhookUrl).toContainText("/webhooks/");
  const shown = (await webhookUrl.textContent())!.trim();
  const keys = await environmentKeys(email);
  expect(shown).toMatch(new RegExp(`/webhooks/${keys.publicId}/github$`));
  await page.getByTestId("webhook-url-copy").click();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(shown);

  const created = await restCall(request, keys.secretKey, "POST", "/api/v1/connections", {
    integrationKey: "github",
    connectionId: "acme-corp",
    endUser: { id: "user-1", email: "owner@acme.test" },
    attribution: { installationId: "4242" },
  });
  expect(created.status).toBe(201);

  await page.getByRole("navigation").getByRole("link", { name: "Connections", exact: true }).click();
  const row = page.locator('[data-testid="connection-row"][data-connection-id="acme-corp"]');
  await expect(row).toBeVisible();
  await expect(row).toContainText("github");
  await expect(row).toContainText("4242");
});
