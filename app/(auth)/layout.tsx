import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { ApiProvider } from "@/app/_trpc/api-provider";
import { DEFAULT_ENVIRONMENT } from "@/server/api/constants";
import { Brand } from "@/app/_components/brand";
import { currentUser } from "@/app/_lib/session";

export default async function AuthLayout({ children }: { children: ReactNode }) {
  // Someone already signed in has nothing to do here.
  if (await currentUser()) redirect("/integrations");
  return (
    <ApiProvider initialEnvironment={DEFAULT_ENVIRONMENT}>
      <main className="auth-page">
        <div className="auth-card">
          <Brand className="brand-center" />
          {children}
        </div>
      </main>
    </ApiProvider>
  );
}
