/**
 * A minimal browser for OAuth dances: keeps cookies per host, follows redirects across
 * hosts (app ⇄ fake HubSpot ⇄ fake Zoom) and records every hop.
 */
export interface Hop {
  url: string;
  status: number;
  location?: string;
}

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();
  readonly hops: Hop[] = [];

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  setCookie(host: string, name: string, value: string) {
    if (!this.jar.has(host)) this.jar.set(host, new Map());
    this.jar.get(host)!.set(name, value);
  }

  clearCookies() {
    this.jar.clear();
  }

  /** One request, no redirect following. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const u = new URL(url);
    const cookies = [...(this.jar.get(u.host) ?? new Map<string, string>()).entries()].map(([k, v]) => `${k}=${v}`).join("; ");
    const headers = new Headers(init.headers);
    if (cookies) headers.set("cookie", cookies);
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const [name, ...rest] = pair!.trim().split("=");
      const value = rest.join("=");
      const expired = attrs.some((a) => /^\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(a)) || value === "";
      if (expired) this.jar.get(u.host)?.delete(name!);
      else this.setCookie(u.host, name!, value);
    }
    this.hops.push({ url, status: res.status, location: res.headers.get("location") ?? undefined });
    return res;
  }

  /** Follows redirects (up to `max`) and returns the last response. */
  async go(url: string, max = 10): Promise<{ res: Response; url: string; body: string }> {
    let current = url;
    for (let i = 0; i <= max; i++) {
      const res = await this.fetch(current);
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        current = new URL(location, current).toString();
        continue;
      }
      return { res, url: current, body: await res.text() };
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Follows redirects until just before the browser would load a URL on `host`. */
  async goUntilHost(url: string, host: string, max = 10): Promise<string> {
    let current = url;
    for (let i = 0; i <= max; i++) {
      const res = await this.fetch(current);
      await res.arrayBuffer();
      const location = res.headers.get("location");
      if (!location) throw new Error(`No redirect at ${current} (${res.status})`);
      const next = new URL(location, current);
      if (next.host === host) return next.toString();
      current = next.toString();
    }
    throw new Error("Too many redirects");
  }
}
