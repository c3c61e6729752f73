import Link from "next/link";
import { formatDateTime, formatRelative } from "@/app/_components/format";
import { AttributionChips, EndUserLabel, StatusBadge } from "./status-badge";
import type { Connection } from "./types";

export function connectionHref(connection: Pick<Connection, "integrationKey" | "connectionId">): string {
  return `/connections/${encodeURIComponent(connection.integrationKey)}/${encodeURIComponent(connection.connectionId)}`;
}

export function ConnectionsTable({ connections }: { connections: Connection[] }) {
  return (
    <div className="table-wrap">
      <table className="table" data-testid="connections-table">
        <thead>
          <tr>
            <th scope="col">Connection ID</th>
            <th scope="col">Integration</th>
            <th scope="col">End user</th>
            <th scope="col">Attribution keys</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {connections.map((connection) => (
            <tr key={connection.id} data-testid="connection-row" data-connection-id={connection.connectionId}>
              <td className="cell-strong">
                <Link href={connectionHref(connection)} className="mono">
                  {connection.connectionId}
                </Link>
              </td>
              <td className="cell-nowrap">{connection.integrationKey}</td>
              <td>
                <EndUserLabel endUser={connection.endUser} />
              </td>
              <td>
                <AttributionChips attribution={connection.attribution} />
              </td>
              <td>
                <StatusBadge status={connection.status} />
              </td>
              <td className="cell-nowrap muted" title={formatDateTime(connection.createdAt)}>
                {formatRelative(connection.createdAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
