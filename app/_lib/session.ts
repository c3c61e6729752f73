import { cookies } from "next/headers";
import { findSessionUser, SESSION_COOKIE, type SessionUser } from "@/server/auth/accounts.service";

/** The signed-in user of this request, from the session cookie; null when signed out. */
export async function currentUser(): Promise<SessionUser | null> {
  const store = await cookies();
  return findSessionUser(store.get(SESSION_COOKIE)?.value);
}
