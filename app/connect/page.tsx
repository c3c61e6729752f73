import type { Metadata } from "next";
import { ConnectPage } from "./connect-page";

export const metadata: Metadata = { title: "Connect an account", robots: { index: false } };

// The hosted connect page: no dashboard login; the session token in the URL is the credential.
export default async function HostedConnectPage({ searchParams }: { searchParams: Promise<{ session?: string | string[] }> }) {
  const { session } = await searchParams;
  return <ConnectPage session={typeof session === "string" ? session : ""} />;
}
