import { db } from "../lib/db";
import { decrypt, encrypt, randomId, randomToken, sha256Hex } from "../lib/crypto";
import { AppError, notFound } from "../lib/errors";
import type { Environment } from "../lib/generated/prisma/client";
import { randomBytes } from "node:crypto";

export const DEFAULT_ENVIRONMENTS = ["dev", "prod"] as const;

export function newSecretKey(environmentName: string): string {
  return `sk_${environmentName.replace(/[^a-z0-9]/g, "")}_${randomToken(24)}`;
}

/** Standard Webhooks secrets are "whsec_" + base64 of the raw key. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

export function newEnvironmentData(accountId: string, name: string) {
  const secretKey = newSecretKey(name);
  return {
    accountId,
    name,
    publicId: `${name}_${randomId(16)}`,
    secretKeyHash: sha256Hex(secretKey),
    secretKeyEnc: encrypt(secretKey),
    forwardSigningSecretEnc: encrypt(newSigningSecret()),
    // Developers run their backend on localhost; production forwards must go to public hosts.
    allowPrivateForwardUrls: name !== "prod",
  };
}

export interface EnvironmentView {
  id: string;
  name: string;
  publicId: string;
  forwardUrl: string | null;
  allowPrivateForwardUrls: boolean;
  unattributedPolicy: "forward" | "drop";
  forwardTimeoutMs: number;
  createdAt: Date;
}

export function toEnvironmentView(env: Environment): EnvironmentView {
  return {
    id: env.id,
    name: env.name,
    publicId: env.publicId,
    forwardUrl: env.forwardUrl,
    allowPrivateForwardUrls: env.allowPrivateForwardUrls,
    unattributedPolicy: env.unattributedPolicy,
    forwardTimeoutMs: env.forwardTimeoutMs,
    createdAt: env.createdAt,
  };
}

export function revealSecretKey(env: Pick<Environment, "secretKeyEnc">): string {
  return decrypt(env.secretKeyEnc);
}

export function revealSigningSecret(env: Pick<Environment, "forwardSigningSecretEnc">): string {
  return decrypt(env.forwardSigningSecretEnc);
}

export async function findEnvironmentBySecretKey(secretKey: string): Promise<Environment | null> {
  if (!secretKey.startsWith("sk_")) return null;
  return db().environment.findUnique({ where: { secretKeyHash: sha256Hex(secretKey) } });
}

export async function listEnvironments(accountId: string): Promise<Environment[]> {
  return db().environment.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
}

/** Scoped lookup: an environment of another account is simply not found. */
export async function getEnvironmentForAccount(accountId: string, name: string): Promise<Environment> {
  const env = await db().environment.findUnique({ where: { accountId_name: { accountId, name } } });
  if (!env) throw notFound("Environment");
  return env;
}

export interface EnvironmentPatch {
  forwardUrl?: string | null;
  allowPrivateForwardUrls?: boolean;
  unattributedPolicy?: "forward" | "drop";
  forwardTimeoutMs?: number;
  rotateSigningSecret?: boolean;
}

export async function updateEnvironment(environmentId: string, patch: EnvironmentPatch): Promise<Environment> {
  if (patch.forwardUrl) assertForwardUrl(patch.forwardUrl);
  return db().environment.update({
    where: { id: environmentId },
    data: {
      forwardUrl: patch.forwardUrl === undefined ? undefined : patch.forwardUrl || null,
      allowPrivateForwardUrls: patch.allowPrivateForwardUrls,
      unattributedPolicy: patch.unattributedPolicy,
      forwardTimeoutMs: patch.forwardTimeoutMs,
      forwardSigningSecretEnc: patch.rotateSigningSecret ? encrypt(newSigningSecret()) : undefined,
    },
  });
}

export function assertForwardUrl(value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError("unprocessable", "forwardUrl must be an absolute http(s) URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new AppError("unprocessable", "forwardUrl must use http or https");
  if (url.username || url.password) throw new AppError("unprocessable", "forwardUrl must not contain credentials");
}
