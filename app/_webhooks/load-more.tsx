import { Spinner } from "@/app/_components/loading";

/** The footer button of a cursor-paged table. */
export function LoadMore({ onClick, loading, testId }: { onClick: () => void; loading: boolean; testId: string }) {
  return (
    <div className="table-footer">
      <button type="button" className="btn" onClick={onClick} disabled={loading} data-testid={testId}>
        {loading ? (
          <>
            <Spinner /> Loading…
          </>
        ) : (
          "Load more"
        )}
      </button>
    </div>
  );
}
