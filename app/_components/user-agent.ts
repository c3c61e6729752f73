/** "Chrome on macOS" from a user agent string; enough to tell one's own devices apart. */
export function describeUserAgent(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser =
    [
      ["Edg/", "Edge"],
      ["Firefox/", "Firefox"],
      ["HeadlessChrome/", "Headless Chrome"],
      ["Chrome/", "Chrome"],
      ["Chromium/", "Chromium"],
      ["Safari/", "Safari"],
      ["curl/", "curl"],
      ["node", "Node.js"],
    ].find(([token]) => userAgent.includes(token!))?.[1] ?? "Browser";
  const os =
    [
      ["iPhone", "iOS"],
      ["iPad", "iPadOS"],
      ["Android", "Android"],
      ["Mac OS X", "macOS"],
      ["Windows", "Windows"],
      ["CrOS", "ChromeOS"],
      ["Linux", "Linux"],
    ].find(([token]) => userAgent.includes(token!))?.[1] ?? null;
  return os ? `${browser} on ${os}` : browser;
}
