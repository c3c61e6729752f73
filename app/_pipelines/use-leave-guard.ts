"use client";

import { useEffect, useRef } from "react";

const MESSAGE = "You have unsaved changes to this pipeline. Leave without saving?";

/**
 * Warns before unsaved work is lost: the browser's own prompt on reload or close, and a
 * confirm on in-app links and on the browser's Back button. The App Router has no
 * navigation events to cancel, so link clicks are intercepted before Next's handler sees
 * them, and Back is caught with a guard entry: while there are unsaved changes the page
 * pushes a second history entry for its own URL, so Back only pops that entry (the page
 * stays), asks, and either pushes the guard again or goes back for real.
 */
export function useLeaveGuard(dirty: boolean): void {
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
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

    const href = window.location.href;
    let guarded = true;
    // Next.js keeps its own state on entries pushed with the native API, so its router
    // treats the guard entry as this same page.
    window.history.pushState(null, "");
    const onPopState = () => {
      if (!guarded || window.location.href !== href) return;
      if (window.confirm(MESSAGE)) {
        guarded = false;
        window.history.back();
      } else {
        window.history.pushState(null, "");
      }
    };

    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    window.addEventListener("popstate", onPopState);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
      window.removeEventListener("popstate", onPopState);
      // Saved (still on the page, nothing left to guard): take the guard entry off again,
      // so that the next Back leaves at once. Leaving through a link keeps it: it is the
      // page's own URL and Back from the next page lands here as usual.
      if (!guarded) return;
      setTimeout(() => {
        if (mounted.current && window.location.href === href) window.history.back();
      }, 0);
    };
  }, [dirty]);
}
