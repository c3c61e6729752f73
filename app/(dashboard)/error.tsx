"use client";

import { EmptyState } from "@/app/_components/empty-state";

// A rendering error in one page keeps the shell (navigation, log out) usable.
export default function DashboardError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="card">
      <EmptyState
        title="Something went wrong on this page"
        actions={
          <button type="button" className="btn" onClick={reset}>
            Try again
          </button>
        }
      >
        The page hit an unexpected error. Trying again usually helps; if it keeps happening, reload the page.
      </EmptyState>
    </div>
  );
}
