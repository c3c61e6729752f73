// Postgres cannot store every JavaScript string: text and jsonb refuse the NUL character
// (U+0000), and JSON it parses refuses an unpaired surrogate (half of a UTF-16 pair, left
// by cutting a string in the middle of an emoji). A query carrying either fails deep
// inside, as an internal error. API input is checked for them at the edges instead, so
// the caller is told which field to fix; text from elsewhere (providers, receivers'
// answers) that is stored as it comes has them replaced by U+FFFD.

const UNSTORABLE_SOURCE = "\\u0000|[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]";
const UNSTORABLE = new RegExp(UNSTORABLE_SOURCE);
const UNSTORABLE_ALL = new RegExp(UNSTORABLE_SOURCE, "g");

/** Where in a parsed input the first unstorable string or key is (a dotted path, "" for the input itself), or null. */
export function findUnstorableText(value: unknown, path: readonly (string | number)[] = []): string | null {
  if (typeof value === "string") return UNSTORABLE.test(value) ? path.join(".") : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      // The key is named with the characters replaced, so that the message itself is storable.
      if (UNSTORABLE.test(key)) return [...path, storableText(key)].join(".");
      const found = findUnstorableText(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

export function unstorableTextMessage(path: string, whole: string): string {
  return `${path || whole}: must not contain the NUL character (\\u0000) or half of a surrogate pair`;
}

/** The text with each NUL character and unpaired surrogate replaced by U+FFFD, as an undecodable byte is. */
export function storableText(value: string): string {
  return UNSTORABLE.test(value) ? value.replace(UNSTORABLE_ALL, "\uFFFD") : value;
}

// How JSON.stringify writes those characters: \u0000, and \udXXX for a surrogate without
// its other half (whole pairs are written as they are). The backslash must not itself be
// escaped: "\\u0000" is a backslash followed by the text u0000.
const UNSTORABLE_ESCAPE = /(?<!\\)((?:\\\\)*)\\u(?:0000|d[89a-f][0-9a-f]{2})/;
const UNSTORABLE_ESCAPE_ALL = new RegExp(UNSTORABLE_ESCAPE, "g");

/** Whether JSON text written by JSON.stringify holds an escape that Postgres refuses when it reads the JSON's strings. */
export function hasUnstorableEscape(json: string): boolean {
  return UNSTORABLE_ESCAPE.test(json);
}

/** JSON text written by JSON.stringify, with each such escape made U+FFFD (for text where a stand-in will do, like logs). */
export function storableJson(json: string): string {
  return UNSTORABLE_ESCAPE.test(json) ? json.replace(UNSTORABLE_ESCAPE_ALL, "$1\\ufffd") : json;
}
