// Postgres text and jsonb cannot hold the NUL character (U+0000): a query that carries one
// fails deep inside, as an internal error. Input is checked for it at the API's edges
// instead, so the caller is told which field to fix.

const NUL = "\u0000";

/** Where in a parsed input the first NUL character is (a dotted path, "" for the input itself), or null. */
export function findNulCharacter(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === "string") return value.includes(NUL) ? path.join(".") : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findNulCharacter(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // The key is named with the character written out, so that the message itself carries none.
      if (key.includes(NUL)) return [...path, key.replaceAll(NUL, "\\u0000")].join(".");
      const found = findNulCharacter(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

export function nulCharacterMessage(path: string, whole: string): string {
  return `${path || whole}: must not contain the NUL character (\\u0000)`;
}
