import { createServer, type Server } from "node:http";
import { OAuth2Server } from "oauth2-mock-server";
import type { APIRequestContext } from "@playwright/test";
import { test, expect, cli, environmentKeys, PASSWORD, restCall, signUp, uniqueEmail } from "./fixtures/switchboard";

// The connect flow as an end user meets it: the customer's backend creates a connect
// session, the end user opens the hosted page, picks the integration and consents on a
// real local OAuth 2 server; the new connection shows up in the dashboard with the
// attribution key read from the token response.

let oauth: OAuth2Server;
let customerSite: Server;
let customerUrl: string;

// The customer's own page, on another origin: it opens the connect URL in a popup and lists
// the messages the popup posts to it (only those from Switchboard's origin).
const customerPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Customer app</title></head>
<body><button id="connect">Connect your CRM</button><ul id="messages"></ul>
<script>
const connectUrl = new URLSearchParams(location.search).get("connect");
window.addEventListener("message", (event) => {
  if (event.origin !== new URL(connectUrl).origin) return;
  const item = document.createElement("li");
  item.dataset.type = event.data.type;
  item.textContent = JSON.stringify(event.data);
  document.getElementById("messages").append(item);
});
document.getElementById("connect").addEventListener("click", () => {
  window.open(connectUrl, "switchboard-connect", "popup,width=520,height=720");
});
</script></body></html>`;

test.beforeAll(async () => {
  oauth = new OAuth2Server();
  await oauth.issuer.keys.generate("RS256");
  await oauth.start(0, "127.0.0.1");
  oauth.service.on("beforeResponse", (response: { body: Record<string, unknown>; statusCode: number }) => {
    if (response.statusCode === 200) response.body.account_id = "acct-e2e-42";
  });
  customerSite = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(customerPage);
  });
  await new Promise<void>((resolve) => customerSite.listen(0, "127.0.0.1", () => resolve()));
  const address = customerSite.address();
  customerUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}/`;
});
test.afterAll(async () => {
  customerSite.closeAllConnections();
  await new Promise<void>((resolve) => customerSite.close(() => resolve()));
  await oauth.stop();
});

/** A custom OAuth 2 integration on the local OAuth server, created through the REST API. */
async function createOAuthIntegration(
  request: APIRequestContext,
  secretKey: string,
  integration: { key: string; clientId: string; clientSecret: string; scopes?: string[] },
) {
  const issuer = oauth.issuer.url!;
  const created = await restCall(request, secretKey, "POST", "/api/v1/integrations", {
    ...integration,
    provider: "custom",
    settings: {
      authMode: "oauth2",
      authorizationUrl: `${issuer}/authorize`,
      tokenUrl: `${issuer}/token`,
      apiBaseUrl: issuer,
      unsigned: true,
      tokenAttribution: [{ key: "accountId", path: "account_id" }],
    },
  });
  expect(created.status).toBe(201);
}

test("an end user connects an OAuth account on the hosted page and the connection appears in the dashboard", async ({
  page,
  browser,
  request,
}) => {
  const email = await signUp(page, "connect");

  // The customer's backend: an integration on the local OAuth server, then a connect session.
  const keys = await environmentKeys(email);
  await createOAuthIntegration(request, keys.secretKey, {
    key: "acme-crm",
    clientId: "e2e-client",
    clientSecret: "e2e-secret",
    scopes: ["read"],
  });
  const session = await restCall(request, keys.secretKey, "POST", "/api/v1/connect/sessions", {
    endUser: { id: "end-user-7", email: "grace@customer.test", displayName: "Grace Hopper" },
    allowedIntegrations: ["acme-crm"],
  });
  expect(session.status).toBe(201);
  const { connectUrl } = session.json as { connectUrl: string };

  // The end user, in their own browser context (no dashboard login).
  const endUserContext = await browser.newContext();
  const endUser = await endUserContext.newPage();
  await endUser.goto(connectUrl);
  await expect(endUser.getByTestId("connect-page")).toContainText("Grace Hopper");
  await endUser.locator('[data-testid="connect-option"][data-integration="acme-crm"]').click();
  await endUser.getByTestId("connect-submit").click();
  // The OAuth server consents at once and redirects back to our callback.
  await expect(endUser.getByTestId("connect-result")).toHaveAttribute("data-ok", "true");
  await expect(endUser.getByTestId("connect-result")).toContainText("Connected");
  await endUserContext.close();

  // The developer sees the new connection, its end user and attribution key.
  // The integration was made through the API after the dashboard loaded its lists: load the page afresh.
  await page.goto("/connections");
  const row = page.locator('[data-testid="connection-row"]').filter({ hasText: "Grace Hopper" });
  await expect(row).toBeVisible();
  await expect(row).toContainText("acme-crm");
  await expect(row).toContainText("accountId=acct-e2e-42");
  await expect(row).toContainText("OK");
  await row.getByRole("link").click();
  await expect(page.getByTestId("connection-logs")).toContainText("Connected acme-crm");
});

test("the connect page in a popup tells the customer's page that the account connected, or that it was closed", async ({
  browser,
  request,
}) => {
  const email = uniqueEmail("popup");
  await cli("account", "create", "--email", email, "--password", PASSWORD);
  const keys = await environmentKeys(email);
  await createOAuthIntegration(request, keys.secretKey, {
    key: "popup-crm",
    clientId: "popup-client",
    clientSecret: "popup-secret",
  });
  const connectUrlFor = async (endUserId: string) => {
    const session = await restCall(request, keys.secretKey, "POST", "/api/v1/connect/sessions", {
      endUser: { id: endUserId, displayName: "Ada Lovelace" },
      allowedIntegrations: ["popup-crm"],
    });
    expect(session.status).toBe(201);
    return (session.json as { connectUrl: string }).connectUrl;
  };

  const context = await browser.newContext();
  const customer = await context.newPage();
  const messages = customer.locator("#messages li");

  // Connecting: the popup goes through the provider's consent and its last page tells the opener, then closes.
  await customer.goto(`${customerUrl}?connect=${encodeURIComponent(await connectUrlFor("popup-user-1"))}`);
  const [popup] = await Promise.all([customer.waitForEvent("popup"), customer.getByRole("button", { name: "Connect your CRM" }).click()]);
  await expect(popup.getByTestId("connect-page")).toContainText("Ada Lovelace");
  await popup.locator('[data-testid="connect-option"][data-integration="popup-crm"]').click();
  await popup.getByTestId("connect-submit").click();
  await expect(messages).toHaveCount(1);
  await expect(messages.first()).toHaveAttribute("data-type", "switchboard:connected");
  const connected = JSON.parse((await messages.first().textContent())!) as { connectionId: string; integrationKey: string };
  expect(connected.integrationKey).toBe("popup-crm");
  expect(connected.connectionId).toMatch(/^conn_/);
  if (!popup.isClosed()) await popup.waitForEvent("close");
  const connection = await restCall(request, keys.secretKey, "GET", `/api/v1/connections/popup-crm/${connected.connectionId}`);
  expect(connection.status).toBe(200);
  expect(connection.json).toMatchObject({ attribution: { accountId: "acct-e2e-42" } });

  // Closing: the Close button tells the opener and closes the popup.
  await customer.goto(`${customerUrl}?connect=${encodeURIComponent(await connectUrlFor("popup-user-2"))}`);
  const [second] = await Promise.all([customer.waitForEvent("popup"), customer.getByRole("button", { name: "Connect your CRM" }).click()]);
  await expect(second.getByTestId("connect-page")).toContainText("Ada Lovelace");
  // The click closes the window it happens in; Playwright may then report the page gone
  // before the click returns, which is the outcome wanted here, not an error.
  await second
    .getByTestId("connect-close")
    .click()
    .catch((error: unknown) => {
      if (!second.isClosed()) throw error;
    });
  await expect(messages).toHaveCount(1);
  await expect(messages.first()).toHaveAttribute("data-type", "switchboard:closed");
  if (!second.isClosed()) await second.waitForEvent("close");

  // Closing the window itself says the same.
  await customer.goto(`${customerUrl}?connect=${encodeURIComponent(await connectUrlFor("popup-user-3"))}`);
  const [third] = await Promise.all([customer.waitForEvent("popup"), customer.getByRole("button", { name: "Connect your CRM" }).click()]);
  await expect(third.getByTestId("connect-page")).toContainText("Ada Lovelace");
  await third.close({ runBeforeUnload: true });
  await expect(messages).toHaveCount(1);
  await expect(messages.first()).toHaveAttribute("data-type", "switchboard:closed");
  await context.close();
});
