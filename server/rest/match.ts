import type { HttpMethod, RestRoute } from "./route";

// Path templates ("/api/v1/connections/{integrationKey}/{connectionId}") compiled to
// matchers once; parameters are single path segments, percent-decoded.

export interface CompiledRoute {
  route: RestRoute;
  pattern: RegExp;
  names: string[];
}

export function compileRoutes(routes: RestRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split("/")
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        names.push(param[1]!);
        return "([^/]+)";
      })
      .join("/");
    return { route, pattern: new RegExp(`^${source}$`), names };
  });
}

export type MatchResult =
  | { kind: "found"; route: RestRoute; params: Record<string, string> }
  | { kind: "method_not_allowed"; allowed: HttpMethod[] }
  | { kind: "not_found" };

export function matchRoute(compiled: CompiledRoute[], method: string, pathname: string): MatchResult {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  const allowed: HttpMethod[] = [];
  for (const { route, pattern, names } of compiled) {
    const match = pattern.exec(path);
    if (!match) continue;
    if (route.method !== method.toLowerCase()) {
      allowed.push(route.method);
      continue;
    }
    const params: Record<string, string> = {};
    try {
      names.forEach((name, i) => (params[name] = decodeURIComponent(match[i + 1]!)));
    } catch {
      // Malformed percent-encoding names nothing that could exist.
      return { kind: "not_found" };
    }
    return { kind: "found", route, params };
  }
  return allowed.length > 0 ? { kind: "method_not_allowed", allowed } : { kind: "not_found" };
}
