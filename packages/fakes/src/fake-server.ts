import http from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { flushFakeCalls, recordFakeCall } from "./call-log";

/**
 * What the fakes of HubSpot and Zoom share: a real HTTP server on loopback, their
 * simulated data in one state object (saved and loaded whole), a bounded log of the calls
 * received (for tests to assert on; also appended to the run's call log, call-log.ts, for
 * the suite-wide checks), and fault injection (status, body, headers, delay, dropped
 * connection, lost answer) on chosen routes.
 */

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  at: number;
}

export interface Fault {
  method?: string;
  /** Matched against the path (string: exact path or prefix ending in "*"). */
  path: string | RegExp;
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
  /** Close the socket without answering. */
  drop?: boolean;
  /** Let the route do its work (its changes stay), then close the socket instead of answering: a lost answer. */
  dropAnswer?: boolean;
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** How many matching requests it lets through first (default 0): a fault on the Nth page. */
  after?: number;
}

/** Calls kept by default: the newest ones; a long-running sandbox would otherwise grow forever. */
export const DEFAULT_CALL_LIMIT = 10_000;

export abstract class FakeServer<State extends object = object> {
  /**
   * Everything the fake simulates, in one plain object of stores (Maps, arrays, counters):
   * what it would remember across a restart. Save is the JSON of this object, load replaces
   * it (`saveState`, `loadState`), so a store kept here cannot be left out of a save.
   * What is not here is wiring (the server, faults, redirect URLs), configuration (client
   * ids, limits) or traffic bookkeeping (the calls received): none of it is saved.
   */
  state: State;
  readonly app: Express;
  /**
   * The newest calls received, oldest first, at most `callLimit` of them (older ones are
   * dropped as new ones arrive). `callCount` counts every call ever received.
   */
  readonly calls: RecordedCall[] = [];
  callLimit = DEFAULT_CALL_LIMIT;
  callCount = 0;
  /**
   * The app's registered OAuth redirect URLs: the authorize page sends the browser (with a
   * code) to these only, as HubSpot and Zoom do. Set by whoever knows the app's
   * APP_BASE_URL (sandbox mode, test worlds).
   */
  redirectUris: string[] = [];
  /** The stylesheet URL the consent pages link to (sandbox mode: the app's), none by default. */
  pageStylesheet?: string;
  private faults: (Fault & { left: number; passed: number })[] = [];
  private server?: http.Server;
  url = "";

  constructor(private readonly emptyState: () => State) {
    this.state = emptyState();
    this.app = express();
    this.app.disable("x-powered-by");
    this.app.use(express.json({ limit: "5mb" }));
    this.app.use(express.urlencoded({ extended: false }));
    const name = this.constructor.name;
    this.app.use((req, _res, next) => {
      recordFakeCall(name, req.method, req.path);
      this.calls.push({ method: req.method, path: req.path, query: { ...req.query }, headers: req.headers, body: req.body, at: Date.now() });
      this.callCount += 1;
      // A ring buffer in effect: at the cap, each new call pushes the oldest out.
      if (this.calls.length > this.callLimit) this.calls.splice(0, this.calls.length - this.callLimit);
      next();
    });
    this.app.use((req, res, next) => this.applyFault(req, res, next));
  }

  /** Makes the next matching request(s) fail as described. */
  inject(fault: Fault) {
    this.faults.push({ ...fault, left: fault.times ?? 1, passed: 0 });
  }

  clearFaults() {
    this.faults = [];
  }

  /** Calls received, filtered by method and path (exact, or a RegExp). */
  callsTo(method: string, path: string | RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && (typeof path === "string" ? c.path === path : path.test(c.path)));
  }

  private applyFault(req: Request, res: Response, next: NextFunction): void {
    const fault = this.faults.find(
      (f) => f.left > 0 && (!f.method || f.method === req.method) && matches(f.path, req.path),
    );
    if (!fault) return next();
    if (fault.passed < (fault.after ?? 0)) {
      fault.passed += 1;
      return next();
    }
    fault.left -= 1;
    const act = () => {
      if (fault.drop) return req.socket.destroy();
      if (fault.dropAnswer) {
        res.end = (() => {
          req.socket.destroy();
          return res;
        }) as Response["end"];
        next();
        return;
      }
      if (fault.status === undefined) {
        next();
        return;
      }
      res.status(fault.status).set(fault.headers ?? {});
      if (fault.body === undefined) res.end();
      else res.json(fault.body);
    };
    if (fault.delayMs) setTimeout(act, fault.delayMs);
    else act();
  }

  /** The state as JSON (Maps and Sets kept): what sandbox mode writes to disk. */
  saveState(): string {
    return stateToJson(this.state);
  }

  /**
   * Replaces the state with one `saveState()` wrote. A store added to the fake since that
   * save starts empty. Throws when the JSON is not a saved state.
   */
  loadState(json: string) {
    const saved = stateFromJson(json);
    if (!saved || typeof saved !== "object" || Array.isArray(saved)) throw new Error("not a saved fake state");
    this.state = { ...this.emptyState(), ...saved };
  }

  async start(port = 0): Promise<string> {
    const server = http.createServer(this.app);
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    flushFakeCalls();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

/** JSON in which Maps and Sets survive (and Dates, as strings). */
export function stateToJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Map) return { __map: [...v.entries()] };
    if (v instanceof Set) return { __set: [...v.values()] };
    return v;
  });
}

/** The reverse of `stateToJson`. */
export function stateFromJson(json: string): unknown {
  return JSON.parse(json, (_k, v) => {
    if (v && typeof v === "object" && Array.isArray(v.__map)) return new Map(v.__map);
    if (v && typeof v === "object" && Array.isArray(v.__set)) return new Set(v.__set);
    return v;
  });
}

function matches(pattern: string | RegExp, path: string): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  return pattern.endsWith("*") ? path.startsWith(pattern.slice(0, -1)) : pattern === path;
}

/** `Authorization: Bearer …` → the token, or undefined. */
export function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "");
  return match?.[1];
}

let counter = 0;
/** Unique, readable ids for fake objects. */
export const fakeId = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(counter++).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
