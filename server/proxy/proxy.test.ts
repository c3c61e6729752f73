import { describe, expect, it } from "vitest";
import { parseRetryAfter } from "../forwarding/http-sender";
import { credentialsFromTokenResponse, readCredentials } from "../connect/credentials";
import { needsRefresh } from "../connect/token-refresh";
import { resolveAuth } from "../connect/auth-settings";
import { injectCredentials } from "./proxy.service";

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    const now = Date.parse("2026-11-28T05:00:00Z");
    expect(parseRetryAfter("Sat, 28 Nov 2026 05:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
});

describe("stored credentials", () => {
  it("come from a token response, keeping the old refresh token when a refresh omits it", () => {
    const now = new Date("2026-11-28T05:00:00Z");
    const first = credentialsFromTokenResponse(
      { access_token: "a1", refresh_token: "r1", expires_in: 3600, token_type: "Bearer" },
      {},
      now,
    );
    expect(first).toMatchObject({ type: "oauth2", accessToken: "a1", refreshToken: "r1", expiresAt: "2026-11-28T06:00:00.000Z" });
    const second = credentialsFromTokenResponse({ access_token: "a2" }, first, now);
    expect(second).toMatchObject({ accessToken: "a2", refreshToken: "r1", expiresAt: undefined });
  });

  it("accept imported shapes", () => {
    expect(readCredentials({ access_token: "x", refresh_token: "y" })).toMatchObject({ accessToken: "x", refreshToken: "y" });
    expect(readCredentials("nope")).toEqual({});
  });

  it("need a refresh inside the margin only when they can be refreshed", () => {
    const now = Date.parse("2026-11-28T05:00:00Z");
    expect(needsRefresh({ refreshToken: "r", expiresAt: "2026-11-28T05:04:00Z" }, now)).toBe(true);
    expect(needsRefresh({ refreshToken: "r", expiresAt: "2026-11-28T05:30:00Z" }, now)).toBe(false);
    expect(needsRefresh({ expiresAt: "2026-11-28T05:01:00Z" }, now)).toBe(false);
  });
});

describe("provider post-connect steps", () => {
  it("read attribution keys from token responses, connect inputs and token info", async () => {
    const { getProvider } = await import("../providers/registry");
    expect(getProvider("slack").postConnect?.attributionFromToken?.({ team: { id: "T1" }, enterprise: null }, {})).toEqual({
      teamId: "T1",
      enterpriseId: undefined,
    });
    expect(getProvider("shopify").postConnect?.attributionFromToken?.({}, { shop: "My-Store" })).toEqual({
      shopDomain: "my-store.myshopify.com",
    });
    expect(getProvider("stripe").postConnect?.attributionFromToken?.({ stripe_user_id: "acct_1" }, {})).toEqual({ accountId: "acct_1" });
    const hubspot = getProvider("hubspot").postConnect!;
    expect(hubspot.infoRequest!({ accessToken: "tok" })).toEqual({ method: "GET", path: "/oauth/v1/access-tokens/tok" });
    expect(hubspot.attributionFromInfo!({ hub_id: 62515 }, {})).toEqual({ portalId: "62515" });
    const linear = getProvider("linear").postConnect!;
    expect(linear.infoRequest!({ accessToken: "t" })).toEqual({
      method: "POST",
      path: "/graphql",
      body: { query: "{ organization { id } }" },
    });
    expect(linear.attributionFromInfo!({ data: { organization: { id: "org-1" } } }, {})).toEqual({ organizationId: "org-1" });
  });

  it("take GitHub's installation_id from the callback only when the user's installations confirm it", async () => {
    const { getProvider } = await import("../providers/registry");
    const github = getProvider("github").postConnect!;
    const two = { total_count: 2, installations: [{ id: 111 }, { id: 222 }] };
    expect(github.attributionFromInfo!(two, { installation_id: "222" })).toEqual({ installationId: "222" });
    expect(github.attributionFromInfo!(two, { installation_id: "999" })).toEqual({ installationId: undefined });
    expect(github.attributionFromInfo!(two, {})).toEqual({ installationId: undefined });
    expect(github.attributionFromInfo!({ total_count: 1, installations: [{ id: 111 }] }, {})).toEqual({ installationId: "111" });
  });
});

describe("credentials on API calls", () => {
  const call = (provider: string) => {
    const url = new URL("https://api.example.com/things");
    const headers: Record<string, string> = {};
    injectCredentials(resolveAuth({ provider, settings: {}, scopes: [] }), { accessToken: "tok_1" }, url, headers);
    return headers;
  };

  it("send the access token as a bearer token, or in the provider's own header (Shopify)", () => {
    expect(call("hubspot")).toEqual({ authorization: "Bearer tok_1" });
    expect(call("shopify")).toEqual({ "x-shopify-access-token": "tok_1" });
  });
});
