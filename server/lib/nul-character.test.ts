import { describe, expect, it } from "vitest";
import { findNulCharacter, nulCharacterMessage } from "./nul-character";

describe("findNulCharacter", () => {
  it("finds nothing in ordinary input, including an escaped \\u0000 written as text", () => {
    expect(findNulCharacter({ a: "x", b: [1, "y", null, { c: "\\u0000" }], d: true })).toBeNull();
    expect(findNulCharacter(undefined)).toBeNull();
  });

  it("names the path of the first string or key that holds one", () => {
    expect(findNulCharacter("a\u0000")).toBe("");
    expect(findNulCharacter({ metadata: { note: "ok", x: "a\u0000b" } })).toBe("metadata.x");
    expect(findNulCharacter({ list: ["ok", { deep: ["\u0000"] }] })).toBe("list.1.deep.0");
    expect(findNulCharacter({ attribution: { "key\u0000": "1" } })).toBe("attribution.key\\u0000");
  });

  it("words the error after the path, or after the whole input when the input itself is the string", () => {
    expect(nulCharacterMessage("metadata.x", "request body")).toBe("metadata.x: must not contain the NUL character (\\u0000)");
    expect(nulCharacterMessage("", "request body")).toBe("request body: must not contain the NUL character (\\u0000)");
  });
});
