// Integration settings are edited as JSON text; this checks the text before it is sent.

export type ParsedSettings = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function parseSettings(text: string): ParsedSettings {
  if (!text.trim()) return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Settings are not valid JSON: ${(error as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { ok: false, message: "Settings must be a JSON object, e.g. {}" };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * Server messages about settings, one per line with the field they concern: from input
 * validation (field paths under "settings") or from the service ("settings.x: …").
 */
export function settingsErrors(errors: Record<string, string>, message: string | undefined): string | undefined {
  const lines = Object.entries(errors)
    .map(([path, text]) => [path.replace(/^patch\./, ""), text] as const)
    .filter(([path]) => path === "settings" || path.startsWith("settings."))
    .map(([path, text]) => (path === "settings" ? text : `${path.slice("settings.".length)}: ${text}`));
  if (lines.length) return lines.join("\n");
  return message?.startsWith("settings") ? message.replace(/^settings\.?/, "").replace(/^: /, "") : undefined;
}

/** Scopes as typed: separated by spaces, commas or new lines. */
export function parseScopes(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

export const CUSTOM_SETTINGS_EXAMPLE = JSON.stringify(
  {
    signature: {
      header: "x-signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "sha256=",
      signedContent: "{timestamp}.{body}",
      timestampHeader: "x-timestamp",
      toleranceSec: 300,
    },
    eventTypePath: "type",
    attribution: [{ key: "accountId", path: "account.id" }],
    idempotencyPath: "id",
  },
  null,
  2,
);
