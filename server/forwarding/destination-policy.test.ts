import { describe, expect, it } from "vitest";
import { checkLiteralHost, isPrivateAddress } from "./destination-policy";

describe("destination policy", () => {
  it("knows private, loopback and link-local addresses", () => {
    for (const address of [
      "127.0.0.1",
      "10.1.2.3",
      "172.20.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "::1",
      "fd00::1",
      "fe80::1",
      "::ffff:127.0.0.1",
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ["8.8.8.8", "172.32.0.1", "2606:4700::1111", "93.184.216.34"]) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });

  it("refuses IP literals on private addresses unless allowed", () => {
    expect(() => checkLiteralHost("127.0.0.1", false)).toThrow(/private address/);
    expect(() => checkLiteralHost("[::1]", false)).toThrow(/private address/);
    expect(() => checkLiteralHost("127.0.0.1", true)).not.toThrow();
    expect(() => checkLiteralHost("example.com", false)).not.toThrow();
  });
});
