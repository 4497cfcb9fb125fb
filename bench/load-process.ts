import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";

/** What every load process answers: its own messages, plus these two. */
type LoadAnswer = { type: string } & ({ type: "measured" } | { type: "failed"; message: string } | { type: string });
type Measured<L> = Extract<L, { type: "measured" }>;

/**
 * Forks a load generator (`bench/<name>`, compiled next to this file or run by the same
 * loader) so the app under measurement has its process and cores to itself, and talks to
 * it over IPC: `next(type)` waits for a message of that type, `measure(m)` sends a
 * measurement request and returns the `measured` answer, `stop()` ends the child.
 */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- callers name A to type what measure() may send
export function forkLoad<L extends LoadAnswer, A extends { type: string }>(name: string) {
  const file = path.join(__dirname, `${name}${path.extname(__filename)}`);
  const child: ChildProcess = fork(file, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const exited = new Promise<never>((_, reject) =>
    child.once("exit", (code, signal) => reject(new Error(`the load process exited (${signal ?? String(code)})`))),
  );
  exited.catch(() => undefined);
  const nextMessage = () => Promise.race([new Promise<L>((resolve) => child.once("message", (m) => resolve(m as L))), exited]);
  const failure = (m: L) => (m.type === "failed" ? String((m as { message?: string }).message) : m.type);
  return {
    async next<K extends L["type"]>(type: K): Promise<Extract<L, { type: K }>> {
      const m = await nextMessage();
      if (m.type === "failed") throw new Error(`load process: ${failure(m)}`);
      if (m.type !== type) throw new Error(`load process: expected ${type}, got ${m.type}`);
      return m as Extract<L, { type: K }>;
    },
    async measure(m: A): Promise<Measured<L>> {
      const answer = nextMessage();
      child.send(m);
      const r = await answer;
      if (r.type !== "measured") throw new Error(`load process: ${failure(r)}`);
      return r as Measured<L>;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.send({ type: "stop" });
      const timer = setTimeout(() => child.kill(), 5000);
      await gone;
      clearTimeout(timer);
    },
  };
}
