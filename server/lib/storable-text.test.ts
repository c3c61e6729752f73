import { describe, expect, it } from "vitest";
import { findUnstorableText, hasUnstorableEscape, storableJson, storableText, unstorableTextMessage } from "./storable-text";

describe("findUnstorableText", () => {
  it("finds nothing in ordinary input: emoji (whole surrogate pairs), an escape written out as text", () => {
    expect(findUnstorableText({ a: "x 😀", b: [1, "y", null, { c: "\\u0000" }], d: true })).toBeNull();
    expect(findUnstorableText(undefined)).toBeNull();
  });

  it("names the path of the first string or key with a NUL character or half of a surrogate pair", () => {
    expect(findUnstorableText("a\u0000")).toBe("");
    expect(findUnstorableText({ metadata: { note: "ok", x: "a\u0000b" } })).toBe("metadata.x");
    expect(findUnstorableText({ list: ["ok", { deep: ["\u0000"] }] })).toBe("list.1.deep.0");
    expect(findUnstorableText({ title: "cut emoji \ud83d" })).toBe("title");
    expect(findUnstorableText({ title: "\ude00 stray low half" })).toBe("title");
    expect(findUnstorableText({ attribution: { "key\u0000": "1" } })).toBe("attribution.key\uFFFD");
  });

  it("words the error after the path, or after the whole input when the input itself is the string", () => {
    expect(unstorableTextMessage("metadata.x", "request body")).toBe(
      "metadata.x: must not contain the NUL character (\\u0000) or half of a surrogate pair",
    );
    expect(unstorableTextMessage("", "request body")).toMatch(/^request body: must not contain/);
  });
});

describe("storableText", () => {
  it("replaces each NUL character and unpaired surrogate with U+FFFD and leaves other text as it is", () => {
    expect(storableText("ok\u0000\u0000!")).toBe("ok\uFFFD\uFFFD!");
    expect(storableText("cut \ud83d|\ude00 whole 😀")).toBe("cut \uFFFD|\uFFFD whole 😀");
    expect(storableText("plain \\u0000 text")).toBe("plain \\u0000 text");
  });
});

describe("storableJson", () => {
  it("finds and replaces the escapes JSON.stringify writes for a NUL and half a pair, not whole pairs or escaped backslashes", () => {
    const json = JSON.stringify({ a: "x\u0000y", b: "cut \ud83d", c: "😀", d: "\\u0000 as text", e: "\\\u0000" });
    expect(hasUnstorableEscape(json)).toBe(true);
    expect(JSON.parse(storableJson(json))).toEqual({ a: "x\uFFFDy", b: "cut \uFFFD", c: "😀", d: "\\u0000 as text", e: "\\\uFFFD" });
    const clean = JSON.stringify({ c: "😀", d: "\\u0000 as text" });
    expect(hasUnstorableEscape(clean)).toBe(false);
    expect(storableJson(clean)).toBe(clean);
  });
});
