import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/harness";
import { callerFor, sessionTokenFrom, trpcHttp } from "../test-client";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function cookieAttributes(cookie: string): string[] {
  return cookie.split(";").map((part) => part.trim());
}

describe("auth router", () => {
  it("signs up: an HttpOnly, SameSite=Lax session cookie for 30 days that signs the user in", async () => {
    const response = await trpcHttp("mutation", "auth.signUp", { email: "Ada@Example.com", password: "correct horse" });
    expect(response.status).toBe(200);
    expect(response.body.result?.data).toEqual({ email: "ada@example.com" });
    expect(response.headers.get("cache-control")).toBe("no-store");
    const [cookie] = response.setCookies;
    expect(cookieAttributes(cookie!)).toEqual(expect.arrayContaining(["Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=2592000"]));
    expect(cookie).not.toContain("Secure");

    const me = await trpcHttp("query", "auth.me", undefined, { token: sessionTokenFrom(response.setCookies) });
    expect(me.body.result?.data).toEqual({ email: "ada@example.com" });
  });

  it("marks the cookie Secure behind https", async () => {
    const response = await trpcHttp(
      "mutation",
      "auth.signUp",
      { email: "secure@example.com", password: "correct horse" },
      { url: "https://switchboard.example.com" },
    );
    expect(cookieAttributes(response.setCookies[0]!)).toContain("Secure");
  });

  it("explains invalid sign-ups with the schema's messages, per field", async () => {
    const response = await trpcHttp("mutation", "auth.signUp", { email: "nope", password: "short" });
    expect(response.status).toBe(400);
    expect(response.body.error?.data.fieldErrors).toEqual({
      email: "Enter a valid email address",
      password: "Passwords have at least 8 characters",
    });
    expect(response.setCookies).toEqual([]);
  });

  it("refuses a second account with the same email", async () => {
    const response = await trpcHttp("mutation", "auth.signUp", { email: "ADA@example.com", password: "another password" });
    expect(response.status).toBe(409);
    expect(response.body.error?.message).toBe("An account with this email already exists");
  });

  it("logs in with the right password only, with the same answer for an unknown email", async () => {
    const wrong = await trpcHttp("mutation", "auth.logIn", { email: "ada@example.com", password: "wrong password" });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error?.message).toBe("Email or password is incorrect");
    expect(wrong.setCookies).toEqual([]);
    const unknown = await trpcHttp("mutation", "auth.logIn", { email: "nobody@example.com", password: "correct horse" });
    expect(unknown.body.error?.message).toBe("Email or password is incorrect");

    const right = await trpcHttp("mutation", "auth.logIn", { email: "ada@example.com", password: "correct horse" });
    expect(right.status).toBe(200);
    expect(sessionTokenFrom(right.setCookies)).toBeTruthy();
  });

  it("logs out: the session is revoked server-side and the cookie cleared", async () => {
    const logIn = await trpcHttp("mutation", "auth.logIn", { email: "ada@example.com", password: "correct horse" });
    const token = sessionTokenFrom(logIn.setCookies)!;
    const logOut = await trpcHttp("mutation", "auth.logOut", undefined, { token });
    expect(logOut.status).toBe(200);
    expect(cookieAttributes(logOut.setCookies[0]!)).toEqual(expect.arrayContaining(["sb_session=", "Max-Age=0", "HttpOnly"]));

    // The old token no longer works, even if a client kept it.
    const me = await trpcHttp("query", "auth.me", undefined, { token });
    expect(me.status).toBe(401);
    expect(me.body.error?.data.code).toBe("UNAUTHORIZED");
  });

  it("lists the user's sessions and revokes one of them, but not another user's", async () => {
    const first = sessionTokenFrom(
      (await trpcHttp("mutation", "auth.logIn", { email: "ada@example.com", password: "correct horse" })).setCookies,
    )!;
    await trpcHttp("mutation", "auth.logIn", { email: "ada@example.com", password: "correct horse" });
    const { caller: ada } = await callerFor({ token: first });
    const sessions = await ada.auth.listSessions();
    expect(sessions.filter((session) => session.current)).toHaveLength(1);
    const other = sessions.find((session) => !session.current)!;
    expect(typeof other.createdAt).toBe("string");

    // Another user cannot revoke Ada's session: nothing happens.
    const { caller: eve } = await callerFor({
      token: sessionTokenFrom(
        (await trpcHttp("mutation", "auth.signUp", { email: "eve@example.com", password: "correct horse" })).setCookies,
      ),
    });
    await eve.auth.revokeSession({ sessionId: other.id });
    expect((await ada.auth.listSessions()).map((session) => session.id)).toContain(other.id);

    expect(await ada.auth.revokeSession({ sessionId: other.id })).toEqual({ current: false });
    expect((await ada.auth.listSessions()).map((session) => session.id)).not.toContain(other.id);
    // The session making the request is untouched.
    expect((await trpcHttp("query", "auth.me", undefined, { token: first })).status).toBe(200);
  });

  it("revoking the current session clears the cookie", async () => {
    const token = sessionTokenFrom(
      (await trpcHttp("mutation", "auth.logIn", { email: "eve@example.com", password: "correct horse" })).setCookies,
    )!;
    const { caller, ctx } = await callerFor({ token });
    const current = (await caller.auth.listSessions()).find((session) => session.current)!;
    expect(await caller.auth.revokeSession({ sessionId: current.id })).toEqual({ current: true });
    expect(ctx.setCookies[0]).toContain("Max-Age=0");
  });

  it("keeps everything but sign-up and log-in behind a session", async () => {
    const { caller } = await callerFor();
    await expect(caller.auth.me()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.auth.listSessions()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.environments.current()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.integrations.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(caller.providers.list()).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});
