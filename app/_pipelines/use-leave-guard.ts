"use client";

import { useEffect, useRef } from "react";

const MESSAGE = "You have unsaved changes to this pipeline. Leave without saving?";

/**
 * Warns before unsaved work is lost: the browser's own prompt on reload or close, and a
 * confirm on in-app links and on the browser's Back button. The App Router has no
 * navigation events to cancel, so link clicks are intercepted before Next's handler sees
 * them, and Back is caught with a guard entry: once there are unsaved changes the page
 * pushes a second history entry for its own URL, so Back only pops that entry (the page
 * stays) and the guard asks; cancelling pushes the entry again, confirming goes back for
 * real. Once saved, a Back that pops the guard entry goes on back without asking.
 */
export function useLeaveGuard(dirty: boolean): void {
  const dirtyRef = useRef(dirty);
  /** The page's URL while the guard entry is on top of the history, else null. */
  const guardFor = useRef<string | null>(null);

  useEffect(() => {
    dirtyRef.current = dirty;
    if (dirty && guardFor.current === null) {
      // Next.js keeps its own state on entries pushed with the native API, so its router
      // treats the guard entry as this same page.
      window.history.pushState(null, "");
      guardFor.current = window.location.href;
    }
  }, [dirty]);

  useEffect(() => {
    const onPopState = () => {
      if (guardFor.current === null || window.location.href !== guardFor.current) return;
      // Back from the guard entry to the page's own entry.
      guardFor.current = null;
      if (dirtyRef.current && !window.confirm(MESSAGE)) {
        window.history.pushState(null, "");
        guardFor.current = window.location.href;
        return;
      }
      window.history.back();
    };
    window.addEventListener("popstate", onPopState);
    return () => window.removeEventListener("popstate", onPopState);
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.("a[href]");
      if (!(anchor instanceof HTMLAnchorElement) || anchor.target === "_blank" || anchor.hasAttribute("download")) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) return;
      if (url.pathname === window.location.pathname && url.search === window.location.search) return;
      if (!window.confirm(MESSAGE)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);
}
