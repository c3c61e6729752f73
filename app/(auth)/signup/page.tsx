import type { Metadata } from "next";
import Link from "next/link";
import { CredentialsForm } from "@/app/_auth/credentials-form";

export const metadata: Metadata = { title: "Sign up · Switchboard" };

export default function SignUpPage() {
  return (
    <>
      <section className="auth-panel">
        <div>
          <h1>Create your Switchboard account</h1>
          <p className="muted">You get a development and a production environment, each with its own keys.</p>
        </div>
        <CredentialsForm mode="signUp" />
      </section>
      <p className="auth-footer">
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </>
  );
}
