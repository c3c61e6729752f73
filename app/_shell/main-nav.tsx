"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { ComponentType } from "react";
import { ConnectionsIcon, IntegrationsIcon, LogsIcon, PipelinesIcon, SettingsIcon, SyncsIcon } from "@/app/_components/icons";

const sections: Array<{ href: string; label: string; Icon: ComponentType }> = [
  { href: "/integrations", label: "Integrations", Icon: IntegrationsIcon },
  { href: "/connections", label: "Connections", Icon: ConnectionsIcon },
  { href: "/pipelines", label: "Pipelines", Icon: PipelinesIcon },
  { href: "/syncs", label: "Syncs", Icon: SyncsIcon },
  { href: "/logs", label: "Logs", Icon: LogsIcon },
  { href: "/settings", label: "Settings", Icon: SettingsIcon },
];

export function MainNav() {
  const pathname = usePathname();
  return (
    <nav className="nav" aria-label="Main">
      {sections.map(({ href, label, Icon }) => {
        const active = pathname === href || pathname.startsWith(`${href}/`);
        return (
          <Link key={href} href={href} aria-current={active ? "page" : undefined}>
            <Icon />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
