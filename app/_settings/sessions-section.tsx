"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/app/_trpc/trpc";
import { ErrorState } from "@/app/_components/error-state";
import { SkeletonRows } from "@/app/_components/loading";
import { ConfirmButton } from "@/app/_components/confirm-button";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { describeUserAgent } from "@/app/_components/user-agent";

export function SessionsSection() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery(trpc.auth.listSessions.queryOptions());
  const revoke = useMutation(trpc.auth.revokeSession.mutationOptions());

  const revokeSession = async (sessionId: string) => {
    const { current } = await revoke.mutateAsync({ sessionId });
    if (current) {
      window.location.assign("/login");
      return;
    }
    await queryClient.invalidateQueries({ queryKey: trpc.auth.listSessions.queryKey() });
  };

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <div className="card-section">
        <div>
          <h2 id="sessions-heading">Active sessions</h2>
          <p className="muted">Browsers signed in to your account. Revoke any you do not recognise.</p>
        </div>
      </div>
      {sessions.isPending ? (
        <SkeletonRows rows={2} />
      ) : sessions.isError ? (
        <div className="card-section">
          <ErrorState error={sessions.error} onRetry={() => void sessions.refetch()} />
        </div>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="sessions-table">
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Signed in</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((session) => (
                <tr key={session.id}>
                  <td className="cell-strong">
                    {describeUserAgent(session.userAgent)}{" "}
                    {session.current ? <span className="badge badge-success">This browser</span> : null}
                  </td>
                  <td className="cell-nowrap" title={formatDateTime(session.createdAt)}>
                    {formatRelative(session.createdAt)}
                  </td>
                  <td className="cell-nowrap">{formatDateTime(session.expiresAt)}</td>
                  <td style={{ textAlign: "right" }}>
                    <ConfirmButton
                      label="Revoke"
                      buttonClassName="btn btn-sm btn-danger-outline"
                      title={session.current ? "Revoke this browser's session?" : "Revoke this session?"}
                      description={
                        session.current
                          ? "You will be logged out here."
                          : `${describeUserAgent(session.userAgent)} will be logged out the next time it makes a request.`
                      }
                      confirmLabel="Revoke session"
                      pendingLabel="Revoking…"
                      onConfirm={() => revokeSession(session.id)}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
