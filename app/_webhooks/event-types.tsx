/** The first few event types of a webhook as chips; a batch says how many more. */
export function EventTypes({ types, max = 3 }: { types: string[]; max?: number }) {
  if (types.length === 0) return <span className="faint">—</span>;
  const shown = types.slice(0, max);
  return (
    <span className="chips">
      {shown.map((type) => (
        <span key={type} className="chip">
          {type}
        </span>
      ))}
      {types.length > max ? <span className="muted">+{types.length - max} more</span> : null}
    </span>
  );
}
