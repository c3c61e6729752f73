/** Request headers; credentials and signatures arrive here already redacted by the server. */
export function HeadersTable({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return <p className="muted">No headers.</p>;
  return (
    <div className="table-wrap headers-table">
      <table className="table table-compact" data-testid="webhook-headers">
        <thead>
          <tr>
            <th scope="col">Header</th>
            <th scope="col">Value</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <td className="mono cell-nowrap">{name}</td>
              <td className="mono header-value">
                {value === "[redacted]" ? (
                  <span className="redacted" title="Hidden: this header carries a credential or signature">
                    redacted
                  </span>
                ) : (
                  value
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
