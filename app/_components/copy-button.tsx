"use client";

import { useEffect, useState } from "react";
import { CheckIcon, CopyIcon } from "./icons";

async function writeClipboard(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Plain-http dashboards (a server on the LAN) have no Clipboard API.
  const textarea = document.createElement("textarea");
  textarea.value = text;
  textarea.setAttribute("readonly", "");
  textarea.style.position = "fixed";
  textarea.style.opacity = "0";
  document.body.append(textarea);
  textarea.select();
  const ok = document.execCommand("copy");
  textarea.remove();
  if (!ok) throw new Error("copy failed");
}

export function CopyButton({
  value,
  label = "Copy",
  what,
  className,
  testId,
}: {
  value: string;
  label?: string;
  /** Names the value for screen readers, e.g. "webhook URL". */
  what?: string;
  className?: string;
  testId?: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = () => {
    writeClipboard(value).then(
      () => setState("copied"),
      () => setState("failed"),
    );
  };

  return (
    <button
      type="button"
      className={`btn btn-sm ${className ?? ""}`}
      onClick={copy}
      aria-label={state === "idle" && what ? `${label} ${what}` : undefined}
      data-testid={testId}
    >
      {state === "copied" ? <CheckIcon /> : <CopyIcon />}
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : label}</span>
    </button>
  );
}

/** A value in a monospace box with a Copy button beside it. */
export function CopyField({ value, what, testId }: { value: string; what: string; testId?: string }) {
  return (
    <div className="copy-row">
      <code className="copy-value" title={value} data-testid={testId}>
        {value}
      </code>
      <CopyButton value={value} what={what} testId={testId ? `${testId}-copy` : undefined} />
    </div>
  );
}
