import type { Metadata } from "next";
import Link from "next/link";
import { CredentialsForm } from "@/app/_auth/credentials-form";

export const metadata: Metadata = { title: "Log in · Switchboard" };

export default function LogInPage() {
  return (
    <>
      <section className="auth-panel">
        <h1>Log in to Switchboard</h1>
        <CredentialsForm mode="logIn" />
      </section>
      <p className="auth-footer">
        New to Switchboard? <Link href="/signup">Create an account</Link>
      </p>
    </>
  );
}
