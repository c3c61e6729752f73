// A provider's initials on a tint of its own; no third-party logos are bundled.
const colors: Record<string, string> = {
  hubspot: "#e8613c",
  shopify: "#5e8e3e",
  stripe: "#635bff",
  github: "#24292f",
  slack: "#4a154b",
  linear: "#5e6ad2",
  attio: "#1f2937",
  zoom: "#0b5cff",
  "microsoft-graph": "#0f6cbd",
  calendly: "#006bff",
  custom: "#6b7280",
};

function initials(name: string): string {
  const words = name.split(/\s+/).filter(Boolean);
  if (words.length > 1) return `${words[0]![0]}${words[1]![0]}`.toUpperCase();
  return name.slice(0, 2).replace(/^./, (c) => c.toUpperCase());
}

export function ProviderMark({ id, name, small = false }: { id: string; name: string; small?: boolean }) {
  return (
    <span className={`provider-mark ${small ? "provider-mark-sm" : ""}`} style={{ background: colors[id] ?? "#4f46e5" }} aria-hidden="true">
      {initials(name)}
    </span>
  );
}

export function ProviderName({ id, name }: { id: string; name: string }) {
  return (
    <span className="provider-name">
      <ProviderMark id={id} name={name} small />
      {name}
    </span>
  );
}
