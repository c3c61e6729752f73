import type { Metadata } from "next";
import { PageHeader } from "@/app/_components/page-header";
import { SettingsView } from "@/app/_settings/settings-view";

export const metadata: Metadata = { title: "Settings · Switchboard" };

export default function SettingsPage() {
  return (
    <>
      <PageHeader title="Settings" description="Keys and forwarding for the selected environment, and your sign-in sessions." />
      <SettingsView />
    </>
  );
}
