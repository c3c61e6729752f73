import { createHash } from "node:crypto";
import { db, pool } from "../lib/db";
import { decrypt, encrypt, encryptJson, randomId, randomToken, sha256Hex } from "../lib/crypto";
import { AppError } from "../lib/errors";
import { Prisma, type ConnectSession, type Environment, type Integration } from "../lib/generated/prisma/client";
import { LogBatch } from "../logs/log-batch";
import { webhookUrlFor } from "../integrations/integrations.service";
import { notifyIntegrationChanged } from "../integrations/integration-events";
import { describeZodError } from "../integrations/integrations.schema";
import { readJsonPath, idString } from "../providers/payload";
import type { ProviderHttpRequest } from "../providers/types";
import { buildUrl, injectCredentials, parseProxyBody, proxyRaw } from "../proxy/proxy.service";
import { isRefusal, providerFetch } from "../proxy/provider-http";
import { interpolate, providerOf, resolveApiBaseUrl, resolveAuth, type EffectiveAuth } from "./auth-settings";
import { credentialsFromTokenResponse, type StoredCredentials } from "./credentials";
import {
  CONNECT_SESSION_TTL_MS,
  createConnectSessionInputSchema,
  type ConnectOption,
  type ConnectPageData,
  type ConnectResult,
  type ConnectSessionView,
  type CreateConnectSessionInput,
} from "./connect.schema";
import { queueAuthNotice } from "./notify";
import { requestToken, requireClientCredentials, TokenEndpointError } from "./oauth-client";

// The connect flow: the customer's backend creates a session for an end user; the hosted
// page lists the integrations it allows; OAuth 2 runs as authorization code with a
// single-use state bound to the session and PKCE S256 (or an API key / basic form is
// checked with a test request); on success the credentials are stored encrypted, the
// connection is created (or re-authorised), its attribution keys are filled by the
// provider's post-connect step, its webhooks subscribed, the app notified with an "auth"
// delivery and the whole connect logged as one operation, failures included.

const OAUTH_STATE_TTL_MS = 10 * 60_000;

type SessionWithEnvironment = ConnectSession & { environment: Environment };

function plainObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

export async function createConnectSession(
  environment: Environment,
  input: CreateConnectSessionInput,
  origin: string,
): Promise<ConnectSessionView> {
  const parsed = createConnectSessionInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("unprocessable", describeZodError(parsed.error));
  const data = parsed.data;
  const allowed = [...new Set(data.allowedIntegrations ?? [])];
  if (allowed.length > 0) {
    const found = await db().integration.findMany({
      where: { environmentId: environment.id, key: { in: allowed } },
      select: { key: true },
    });
    const missing = allowed.find((key) => !found.some((row) => row.key === key));
    if (missing) throw new AppError("unprocessable", `allowedIntegrations: no integration "${missing}" in this environment`);
  }
  const token = `cs_${randomToken(32)}`;
  const expiresAt = new Date(Date.now() + CONNECT_SESSION_TTL_MS);
  await db().connectSession.create({
    data: {
      environmentId: environment.id,
      tokenHash: sha256Hex(token),
      endUser: data.endUser,
      organization: data.organization ?? Prisma.DbNull,
      allowedIntegrations: allowed,
      expiresAt,
    },
  });
  return { token, expiresAt, connectUrl: `${origin.replace(/\/+$/, "")}/connect?session=${encodeURIComponent(token)}` };
}

/** Sessions (and their OAuth states) a day past expiry are of no use, not even for an error message. */
export async function deleteExpiredConnectSessions(now = new Date()): Promise<number> {
  const { count } = await db().connectSession.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 24 * 3_600_000) } } });
  return count;
}

/** The session a token names, if it can still connect; the messages are for the end user. */
async function usableSession(token: string | null | undefined): Promise<SessionWithEnvironment> {
  const session = token
    ? await db().connectSession.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { environment: true } })
    : null;
  if (!session) throw new AppError("not_found", "This connect link is not valid. Ask the app for a new one.");
  if (session.consumedAt) throw new AppError("conflict", "This connect link was already used. Ask the app for a new one to connect again.");
  if (session.expiresAt.getTime() <= Date.now())
    throw new AppError("unauthorized", "This connect link has expired. Go back to the app and start again.");
  return session;
}

async function allowedIntegrations(session: ConnectSession): Promise<Integration[]> {
  return db().integration.findMany({
    where: {
      environmentId: session.environmentId,
      ...(session.allowedIntegrations.length > 0 ? { key: { in: session.allowedIntegrations } } : {}),
    },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}

async function allowedIntegration(session: ConnectSession, key: string): Promise<Integration> {
  const integration = (await allowedIntegrations(session)).find((row) => row.key === key);
  if (!integration) throw new AppError("not_found", `This link does not allow connecting "${key}"`);
  return integration;
}

function toOption(integration: Integration): ConnectOption | null {
  const provider = providerOf(integration);
  let auth: EffectiveAuth;
  try {
    auth = resolveAuth(integration);
  } catch {
    return null;
  }
  if (auth.mode === "none") return null;
  return {
    key: integration.key,
    provider: provider.id,
    providerName: provider.name,
    authMode: auth.mode,
    connectionConfig: auth.mode === "oauth2" ? auth.connectionConfig : [],
    ...(auth.mode === "apiKey" ? { apiKeyLabel: auth.label } : {}),
    ...(auth.mode === "basic" ? { usernameLabel: auth.usernameLabel, passwordLabel: auth.passwordLabel } : {}),
  };
}

export async function describeConnectSession(token: string | null | undefined): Promise<ConnectPageData> {
  const session = await usableSession(token);
  const options = (await allowedIntegrations(session)).map(toOption).filter((option): option is ConnectOption => option !== null);
  const endUser = plainObject(session.endUser);
  return {
    endUser: {
      id: typeof endUser.id === "string" ? endUser.id : "",
      ...(typeof endUser.email === "string" ? { email: endUser.email } : {}),
      ...(typeof endUser.displayName === "string" ? { displayName: endUser.displayName } : {}),
    },
    expiresAt: session.expiresAt.toISOString(),
    integrations: options,
  };
}

/** Checks the inputs a provider asks for (e.g. Shopify's shop) against their patterns. */
function readConnectionConfig(auth: EffectiveAuth, given: Record<string, string>): Record<string, string> {
  const fields = auth.mode === "oauth2" ? auth.connectionConfig : [];
  const config: Record<string, string> = {};
  for (const field of fields) {
    const value = given[field.name]?.trim() ?? "";
    if (!value) throw new AppError("unprocessable", `${field.label}: please fill this in`);
    if (field.pattern && !new RegExp(field.pattern).test(value)) {
      throw new AppError(
        "unprocessable",
        `${field.label}: "${value}" is not valid${field.example ? ` (for example ${field.example})` : ""}`,
      );
    }
    config[field.name] = value;
  }
  return config;
}

function pkceChallenge(verifier: string): string {
  return createHash("sha256").update(verifier).digest("base64url");
}

/** The provider's authorization URL for this session and integration; records the state and PKCE verifier. */
export async function startAuthorization(input: {
  token: string | null;
  integrationKey: string;
  config: Record<string, string>;
  origin: string;
}): Promise<string> {
  const session = await usableSession(input.token);
  const integration = await allowedIntegration(session, input.integrationKey);
  const auth = resolveAuth(integration);
  if (auth.mode !== "oauth2") throw new AppError("bad_request", `"${integration.key}" is not connected with OAuth`);
  if (!integration.clientId) throw new AppError("unprocessable", `"${integration.key}" has no client id configured`);
  const config = readConnectionConfig(auth, input.config);
  const state = randomToken(32);
  const verifier = randomToken(48);
  const redirectUri = `${input.origin.replace(/\/+$/, "")}/oauth/callback`;
  await db().oAuthState.create({
    data: {
      environmentId: session.environmentId,
      sessionId: session.id,
      integrationId: integration.id,
      stateHash: sha256Hex(state),
      codeVerifierEnc: encrypt(verifier),
      redirectUri,
      connectionConfig: config,
      expiresAt: new Date(Math.min(Date.now() + OAUTH_STATE_TTL_MS, session.expiresAt.getTime())),
    },
  });
  const url = new URL(interpolate(auth.authorizationUrl, config));
  // Provider-specific parameters first, so that the protocol's own cannot be overridden by them.
  for (const [name, value] of Object.entries(auth.authorizationParams)) url.searchParams.set(name, interpolate(value, config));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", integration.clientId);
  url.searchParams.set("redirect_uri", redirectUri);
  if (auth.scopes.length > 0) url.searchParams.set("scope", auth.scopes.join(auth.scopeSeparator));
  url.searchParams.set("state", state);
  url.searchParams.set("code_challenge", pkceChallenge(verifier));
  url.searchParams.set("code_challenge_method", "S256");
  return url.toString();
}

export type CallbackOutcome = ({ ok: true } & ConnectResult) | { ok: false; message: string; integrationKey?: string };

/** The provider's redirect back: checks and spends the state, exchanges the code, connects. */
export async function completeAuthorization(query: URLSearchParams, origin: string): Promise<CallbackOutcome> {
  const state = query.get("state");
  if (!state) return { ok: false, message: "The provider sent no state, so this authorisation cannot be matched to a connect request." };
  // Spending the state is one conditional UPDATE: a replayed callback finds nothing to spend.
  const spent = await db().oAuthState.updateManyAndReturn({
    where: { stateHash: sha256Hex(state), usedAt: null },
    data: { usedAt: new Date() },
  });
  const oauthState = spent[0];
  if (!oauthState) {
    const known = await db().oAuthState.findUnique({ where: { stateHash: sha256Hex(state) }, select: { id: true } });
    return {
      ok: false,
      message: known
        ? "This authorisation was already completed or attempted; start again from the connect page."
        : "This authorisation does not match any connect request.",
    };
  }
  const session = await db().connectSession.findUniqueOrThrow({ where: { id: oauthState.sessionId }, include: { environment: true } });
  const integration = await db().integration.findUnique({ where: { id: oauthState.integrationId } });
  if (!integration) return { ok: false, message: "The integration was removed while you were authorising." };
  const run = new ConnectRun(session, integration, origin);
  try {
    if (oauthState.expiresAt.getTime() <= Date.now() || session.expiresAt.getTime() <= Date.now()) {
      throw new AppError("unauthorized", "This connect link has expired. Go back to the app and start again.");
    }
    if (session.consumedAt) throw new AppError("conflict", "This connect link was already used. Ask the app for a new one.");
    const providerError = query.get("error");
    if (providerError) {
      const description = query.get("error_description");
      throw new AppError(
        "forbidden",
        providerError === "access_denied"
          ? "Access was not granted. You can try again and approve the request."
          : `The provider refused the authorisation (${providerError}${description ? `: ${description}` : ""}).`,
      );
    }
    const code = query.get("code");
    if (!code) throw new AppError("bad_request", "The provider sent no authorisation code.");
    const auth = resolveAuth(integration);
    if (auth.mode !== "oauth2") throw new AppError("bad_request", "This integration does not use OAuth.");
    const config = Object.fromEntries(Object.entries(plainObject(oauthState.connectionConfig)).map(([k, v]) => [k, String(v)]));
    const { clientId, clientSecret } = requireClientCredentials(
      integration.clientId,
      integration.clientSecretEnc ? decrypt(integration.clientSecretEnc) : null,
    );
    run.log("info", `Exchanging the authorisation code at ${interpolate(auth.tokenUrl, config)}`);
    const token = await requestToken(
      interpolate(auth.tokenUrl, config),
      {
        grant_type: "authorization_code",
        code,
        redirect_uri: oauthState.redirectUri,
        code_verifier: decrypt(oauthState.codeVerifierEnc),
      },
      {
        allowPrivate: session.environment.allowPrivateForwardUrls,
        client: { clientId, clientSecret, method: auth.tokenAuthMethod },
      },
    );
    const credentials: StoredCredentials = { ...credentialsFromTokenResponse(token), connectionConfig: config };
    const result = await run.finish(credentials, token, auth, Object.fromEntries(query));
    return { ok: true, ...result };
  } catch (error) {
    await run.fail(error);
    return { ok: false, message: endUserMessage(error), integrationKey: integration.key };
  }
}

/** API key or basic credentials from the form, checked with the provider's test request when it has one. */
export async function connectWithCredentials(input: {
  token: string | null;
  integrationKey: string;
  apiKey?: string;
  username?: string;
  password?: string;
  origin: string;
}): Promise<ConnectResult> {
  const session = await usableSession(input.token);
  const integration = await allowedIntegration(session, input.integrationKey);
  const auth = resolveAuth(integration);
  const run = new ConnectRun(session, integration, input.origin);
  try {
    let credentials: StoredCredentials;
    if (auth.mode === "apiKey") {
      if (!input.apiKey?.trim()) throw new AppError("unprocessable", `${auth.label}: please fill this in`);
      credentials = { type: "apiKey", apiKey: input.apiKey.trim() };
    } else if (auth.mode === "basic") {
      if (!input.username?.trim()) throw new AppError("unprocessable", `${auth.usernameLabel}: please fill this in`);
      credentials = { type: "basic", username: input.username.trim(), password: input.password ?? "" };
    } else {
      throw new AppError("bad_request", `"${integration.key}" is not connected with a key or password`);
    }
    if (auth.testEndpoint) await run.testCredentials(auth, credentials, auth.testEndpoint);
    return await run.finish(credentials, {}, auth);
  } catch (error) {
    await run.fail(error);
    if (error instanceof AppError) throw error;
    throw new AppError("unprocessable", endUserMessage(error));
  }
}

function endUserMessage(error: unknown): string {
  if (error instanceof AppError) return error.message;
  if (isRefusal(error)) return `The provider's API is not allowed here: ${error.message}`;
  if (error instanceof TokenEndpointError && error.code === "refused")
    return `The provider's token endpoint is not allowed: ${error.message}`;
  if (error instanceof TokenEndpointError) return `The provider did not issue a token (${error.code}). Please try again.`;
  return "Something went wrong while connecting. Please try again.";
}

/** One connect attempt: its log operation, and the steps after the provider said yes. */
class ConnectRun {
  private readonly logs = new LogBatch();
  private readonly opId: string;
  private readonly env: Environment;
  private connectionRowId: string | null = null;

  constructor(
    private readonly session: SessionWithEnvironment,
    private readonly integration: Integration,
    /** The public base URL (configured, else as the end user reached us): subscriptions point at it. */
    private readonly origin: string,
  ) {
    this.env = session.environment;
    this.opId = this.logs.operation({
      environmentId: session.environmentId,
      type: "connect",
      title: `Connect ${integration.key} for ${this.endUserId()}`,
      status: "running",
      integrationId: integration.id,
    });
  }

  private endUserId(): string {
    const id = plainObject(this.session.endUser).id;
    return typeof id === "string" ? id : "?";
  }

  log(level: "info" | "warn" | "error", message: string, data?: unknown): void {
    this.logs.message(this.env.id, this.opId, level, message, data);
  }

  private async close(status: "success" | "failed", title: string): Promise<void> {
    this.logs.operation({
      id: this.opId,
      environmentId: this.env.id,
      type: "connect",
      title,
      status,
      integrationId: this.integration.id,
      connectionId: this.connectionRowId,
    });
    await this.logs.write(pool()).catch((error: unknown) => console.error("connect log write failed", error));
  }

  async testCredentials(auth: EffectiveAuth, credentials: StoredCredentials, endpoint: string): Promise<void> {
    const url = buildUrl(resolveApiBaseUrl(this.integration, {}), endpoint, undefined);
    const headers: Record<string, string> = { accept: "application/json" };
    injectCredentials(auth, credentials, url, headers);
    let status: number;
    try {
      status = (await providerFetch(url, { headers, timeoutMs: 15_000, allowPrivate: this.env.allowPrivateForwardUrls })).status;
    } catch (error) {
      this.log("error", `Test request to ${url.origin} failed: ${(error as Error).message}`);
      if (isRefusal(error)) throw new AppError("forbidden", `The provider's API is not allowed here: ${error.message}`);
      throw new AppError("unavailable", "The provider could not be reached to check these credentials. Please try again.");
    }
    this.log(status < 400 ? "info" : "warn", `Test request GET ${endpoint}: ${status}`);
    if (status === 401 || status === 403)
      throw new AppError("unprocessable", "The provider did not accept these credentials. Check them and try again.");
    if (status >= 400) throw new AppError("unprocessable", `The provider answered ${status} when checking these credentials.`);
  }

  private async attribution(
    credentials: StoredCredentials,
    token: Record<string, unknown>,
    auth: EffectiveAuth,
    callback: Record<string, string>,
  ): Promise<Record<string, string>> {
    const provider = providerOf(this.integration);
    const out: Record<string, string | undefined> = {};
    const config = credentials.connectionConfig ?? {};
    if (provider.postConnect?.attributionFromToken) Object.assign(out, provider.postConnect.attributionFromToken(token, config));
    if (auth.mode === "oauth2") for (const { key, path } of auth.tokenAttribution) out[key] = idString(readJsonPath(token, path));
    if (provider.postConnect?.infoRequest && provider.postConnect.attributionFromInfo) {
      const request = provider.postConnect.infoRequest({ accessToken: credentials.accessToken });
      const url = buildUrl(resolveApiBaseUrl(this.integration, config), request.path, undefined);
      const headers: Record<string, string> = { accept: "application/json" };
      injectCredentials(auth, credentials, url, headers);
      if (request.body !== undefined) headers["content-type"] = "application/json";
      const response = await providerFetch(url, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        timeoutMs: 15_000,
        allowPrivate: this.env.allowPrivateForwardUrls,
      });
      const ok = response.status >= 200 && response.status < 300;
      this.log(ok ? "info" : "warn", `Post-connect ${request.method} ${request.path}: ${response.status}`);
      if (ok) {
        try {
          Object.assign(out, provider.postConnect.attributionFromInfo(JSON.parse(response.body.toString("utf8")), callback));
        } catch {
          this.log("warn", "Post-connect answer was not JSON");
        }
      }
    }
    return Object.fromEntries(Object.entries(out).filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== ""));
  }

  /** Stores the connection, spends the session, queues the notice; then subscribes webhooks. */
  async finish(
    credentials: StoredCredentials,
    token: Record<string, unknown>,
    auth: EffectiveAuth,
    /** The query of the provider's redirect to our callback (OAuth only). */
    callback: Record<string, string> = {},
  ): Promise<ConnectResult> {
    const attribution = await this.attribution(credentials, token, auth, callback);
    this.log("info", "Attribution keys", attribution);
    const entries = Object.entries(attribution);
    const endUser = plainObject(this.session.endUser);
    const { connection, reauthorised } = await db().$transaction(async (tx) => {
      const consumed = await tx.connectSession.updateMany({
        where: { id: this.session.id, consumedAt: null },
        data: { consumedAt: new Date() },
      });
      if (consumed.count === 0) throw new AppError("conflict", "This connect link was already used. Ask the app for a new one.");
      // Connecting an account that is already connected re-authorises that connection instead of duplicating it.
      const existing =
        entries.length > 0
          ? await tx.connectionAttribution.findFirst({
              where: { integrationId: this.integration.id, OR: entries.map(([key, value]) => ({ key, value })) },
              select: { connectionId: true },
            })
          : null;
      const data = {
        endUser: endUser as Prisma.InputJsonObject,
        credentialsEnc: encryptJson(credentials),
        tokenExpiresAt: credentials.expiresAt ? new Date(credentials.expiresAt) : null,
        status: "ok" as const,
      };
      const row = existing
        ? await tx.connection.update({ where: { id: existing.connectionId }, data })
        : await tx.connection.create({
            data: {
              ...data,
              environmentId: this.env.id,
              integrationId: this.integration.id,
              connectionId: `conn_${randomId(20)}`,
              metadata: this.session.organization ? { organization: this.session.organization as Prisma.InputJsonObject } : {},
            },
          });
      await tx.connectionAttribution.deleteMany({ where: { connectionId: row.id } });
      if (entries.length > 0) {
        await tx.connectionAttribution.createMany({
          data: entries.map(([key, value]) => ({
            environmentId: this.env.id,
            integrationId: this.integration.id,
            connectionId: row.id,
            key,
            value,
          })),
        });
      }
      await tx.connectSession.update({ where: { id: this.session.id }, data: { connectionId: row.id } });
      await queueAuthNotice(prismaQueryable(tx), {
        environmentId: this.env.id,
        forwardUrl: this.env.forwardUrl,
        connectionRowId: row.id,
        idempotencyKey: `auth:${row.id}:creation:${this.session.id}`,
        notice: {
          operation: "creation",
          success: true,
          connectionId: row.connectionId,
          endUser,
          integrationKey: this.integration.key,
          provider: this.integration.provider,
        },
      });
      return { connection: row, reauthorised: existing !== null };
    });
    this.connectionRowId = connection.id;
    this.log(
      "info",
      reauthorised ? `Re-authorised connection ${connection.connectionId}` : `Created connection ${connection.connectionId}`,
    );
    if (!this.env.forwardUrl) this.log("warn", "No forward URL is set, so the app was not notified");
    await this.subscribe(connection.id);
    await this.close("success", `Connected ${this.integration.key} as ${connection.connectionId}`);
    return { connectionId: connection.connectionId, integrationKey: this.integration.key };
  }

  /** The provider's subscribe step; a failure leaves a working connection without webhooks, and says so. */
  private async subscribe(connectionRowId: string): Promise<void> {
    const step = providerOf(this.integration).subscriptions;
    if (!step) return;
    const existing = await db().connectionSubscription.count({ where: { connectionId: connectionRowId } });
    if (existing > 0) return;
    const webhookUrl = webhookUrlFor(this.origin, this.env, this.integration.key);
    const attribution = Object.fromEntries(
      (await db().connectionAttribution.findMany({ where: { connectionId: connectionRowId } })).map((a) => [a.key, a.value]),
    );
    const request = step.subscribe({ webhookUrl, attribution, settings: plainObject(this.integration.settings) });
    try {
      const body = await performAsConnection(this.env, this.integration, connectionRowId, request, this.opId);
      const parsed = step.parseSubscription(body);
      if (!parsed) throw new Error("the provider's answer names no subscription id");
      await db().connectionSubscription.create({
        data: {
          environmentId: this.env.id,
          integrationId: this.integration.id,
          connectionId: connectionRowId,
          externalId: parsed.externalId,
          url: webhookUrl,
          secretEnc: parsed.secret ? encrypt(parsed.secret) : null,
        },
      });
      // Web processes cache integrations with their subscription secrets: tell them to reload.
      if (parsed.secret) await notifyIntegrationChanged(this.env.id, this.integration.key);
      this.log("info", `Subscribed webhooks to ${webhookUrl} (subscription ${parsed.externalId})`);
    } catch (error) {
      this.log("error", `Webhook subscription failed: ${(error as Error).message}`);
    }
  }

  async fail(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.log("error", message);
    // The app hears about failures that happened after the end user acted, not about page mistakes.
    if (!(error instanceof AppError && ["not_found", "unprocessable", "bad_request"].includes(error.code))) {
      await queueAuthNotice(pool(), {
        environmentId: this.env.id,
        forwardUrl: this.env.forwardUrl,
        connectionRowId: null,
        idempotencyKey: `auth:${this.opId}:creation`,
        notice: {
          operation: "creation",
          success: false,
          connectionId: null,
          endUser: plainObject(this.session.endUser),
          integrationKey: this.integration.key,
          provider: this.integration.provider,
          error: message,
        },
      }).catch(() => null);
    }
    await this.close("failed", `Connect ${this.integration.key} for ${this.endUserId()} failed`);
  }
}

/** Runs a provider-described request as the connection (credentials, refresh, retries, log). */
export async function performAsConnection(
  environment: Environment,
  integration: Integration,
  connectionRowId: string,
  request: ProviderHttpRequest,
  parentOperationId?: string,
): Promise<unknown> {
  const connection = await db().connection.findUniqueOrThrow({ where: { id: connectionRowId } });
  const raw = await proxyRaw({
    environment,
    integration,
    connection,
    method: request.method,
    endpoint: request.path,
    data: request.body,
    parentOperationId,
    retries: 2,
  });
  if (raw.status >= 400) throw new Error(`${request.method} ${request.path} answered ${raw.status}`);
  return parseProxyBody(raw);
}

export function prismaQueryable(tx: Prisma.TransactionClient) {
  return { query: (text: string, values: unknown[] = []) => tx.$executeRawUnsafe(text, ...values) };
}
