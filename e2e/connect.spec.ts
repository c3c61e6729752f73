import { OAuth2Server } from "oauth2-mock-server";
import { test, expect, environmentKeys, restCall, uniqueEmail } from "./fixtures/switchboard";

// The connect flow as an end user meets it: the customer's backend creates a connect
// session, the end user opens the hosted page, picks the integration and consents on a
// real local OAuth 2 server; the new connection shows up in the dashboard with the
// attribution key read from the token response.

let oauth: OAuth2Server;

test.beforeAll(async () => {
  oauth = new OAuth2Server();
  await oauth.issuer.keys.generate("RS256");
  await oauth.start(0, "127.0.0.1");
  oauth.service.on("beforeResponse", (response: { body: Record<string, unknown>; statusCode: number }) => {
    if (response.statusCode === 200) response.body.account_id = "acct-e2e-42";
  });
});
test.afterAll(async () => {
  await oauth.stop();
});

test("an end user connects an OAuth account on the hosted page and the connection appears in the dashboard", async ({
  page,
  browser,
  request,
}) => {
  const email = uniqueEmail("connect");
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-good-long-password");
  await page.getByLabel("Password").press("Enter");
  await expect(page.getByTestId("signed-in-email")).toHaveText(email);

  // The customer's backend: an integration on the local OAuth server, then a connect session.
  const keys = await environmentKeys(email);
  const issuer = oauth.issuer.url!;
  const integration = await restCall(request, keys.secretKey, "POST", "/api/v1/integrations", {
    key: "acme-crm",
    provider: "custom",
    clientId: "e2e-client",
    clientSecret: "e2e-secret",
    scopes: ["read"],
    settings: {
      authMode: "oauth2",
      authorizationUrl: `${issuer}/authorize`,
      tokenUrl: `${issuer}/token`,
      apiBaseUrl: issuer,
      unsigned: true,
      tokenAttribution: [{ key: "accountId", path: "account_id" }],
    },
  });
  expect(integration.status).toBe(201);
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
