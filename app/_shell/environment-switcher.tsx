"use client";

import { usePathname, useRouter } from "next/navigation";
import { useId } from "react";
import { useEnvironment } from "@/app/_trpc/api-provider";

export function EnvironmentSwitcher({ environments }: { environments: string[] }) {
  const { environment, setEnvironment } = useEnvironment();
  const pathname = usePathname();
  const router = useRouter();
  const id = useId();

  const switchTo = (name: string) => {
    setEnvironment(name);
    // A detail page names something of the old environment: go back to its section.
    const section = `/${pathname.split("/")[1] ?? ""}`;
    if (section !== pathname) router.push(section);
  };

  return (
    <div className="env-switcher">
      <label htmlFor={id}>Environment</label>
      <div className="env-select-wrap">
        <span className={`env-dot ${environment === "prod" ? "env-dot-prod" : ""}`} aria-hidden="true" />
        <select
          id={id}
          className="select"
          value={environment}
          onChange={(event) => switchTo(event.target.value)}
          data-testid="environment-switcher"
        >
          {environments.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
