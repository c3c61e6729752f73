import { db } from "../lib/db";
import { hashPassword, randomToken, sha256Hex, verifyPassword } from "../lib/crypto";
import { AppError, isUniqueViolation } from "../lib/errors";
import { DEFAULT_ENVIRONMENTS, newEnvironmentData, revealSecretKey, revealSigningSecret } from "../environments/environments.service";
import type { Environment, User } from "../lib/generated/prisma/client";
import { z } from "zod";

export const SESSION_COOKIE = "sb_session";
export const SESSION_DAYS = 30;

export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address").max(320),
  password: z.string().min(8, "Passwords have at least 8 characters").max(200),
});

export interface EnvironmentKeys {
  name: string;
  publicId: string;
  secretKey: string;
  forwardSigningSecret: string;
}

export function environmentKeys(env: Environment): EnvironmentKeys {
  return { name: env.name, publicId: env.publicId, secretKey: revealSecretKey(env), forwardSigningSecret: revealSigningSecret(env) };
}

/** Creates an account, its first user and its `dev` and `prod` environments. */
export async function createAccount(input: {
  email: string;
  password: string;
  name?: string;
}): Promise<{ accountId: string; user: User; environments: Environment[] }> {
  const { email, password } = credentialsSchema.parse(input);
  const passwordHash = await hashPassword(password);
  try {
    return await db().$transaction(async (tx) => {
      const account = await tx.account.create({ data: { name: input.name ?? email.split("@")[0]! } });
      const user = await tx.user.create({ data: { accountId: account.id, email, passwordHash } });
      const environments: Environment[] = [];
      for (const name of DEFAULT_ENVIRONMENTS) {
        environments.push(await tx.environment.create({ data: newEnvironmentData(account.id, name) }));
      }
      return { accountId: account.id, user, environments };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("conflict", "An account with this email already exists");
    throw error;
  }
}

export async function findUserByEmail(email: string): Promise<User | null> {
  return db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
}

export async function authenticate(email: string, password: string): Promise<User> {
  const user = await findUserByEmail(email);
  // Same answer for unknown email and wrong password.
  if (!user || !(await verifyPassword(password, user.passwordHash))) throw new AppError("unauthorized", "Email or password is incorrect");
  return user;
}

export async function createSession(userId: string, userAgent?: string | null): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000);
  await db().session.create({ data: { userId, tokenHash: sha256Hex(token), expiresAt, userAgent: userAgent?.slice(0, 300) ?? null } });
  return { token, expiresAt };
}

export interface SessionUser {
  sessionId: string;
  userId: string;
  accountId: string;
  email: string;
}

export async function findSessionUser(token: string | undefined): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await db().session.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt < new Date()) return null;
  return { sessionId: session.id, userId: session.userId, accountId: session.user.accountId, email: session.user.email };
}

export async function revokeSession(sessionId: string): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export async function listSessions(userId: string) {
  return db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { createdAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, expiresAt: true },
  });
}

export async function revokeUserSession(userId: string, sessionId: string): Promise<void> {
  await db().session.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Expired sessions, and sessions revoked more than a day ago. */
export async function deleteExpiredSessions(): Promise<number> {
  const dayAgo = new Date(Date.now() - 24 * 3600 * 1000);
  const result = await db().session.deleteMany({ where: { OR: [{ expiresAt: { lt: new Date() } }, { revokedAt: { lt: dayAgo } }] } });
  return result.count;
}
