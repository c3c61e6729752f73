import Link from "next/link";
import { Brand } from "@/app/_components/brand";

export default function NotFound() {
  return (
    <main className="auth-page">
      <div className="auth-card" style={{ textAlign: "center" }}>
        <Brand className="brand-center" />
        <section className="auth-panel">
          <h1>Page not found</h1>
          <p className="muted">There is nothing at this address. It may have moved, or the link is incomplete.</p>
          <Link className="btn btn-primary" href="/integrations">
            Go to the dashboard
          </Link>
        </section>
      </div>
    </main>
  );
}
