import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { TEST_SESSION_SECRET, TEST_TOKEN_KEY } from "../helpers/app";

/** The app (`src/main.ts`) as its own process, as an operator runs it. */
export interface AppProcess {
  child: ChildProcessWithoutNullStreams;
  startedAt: number;
  exited: Promise<number | null>;
  output(): string;
  /** The process's URL once it listens (roles `all` and `web`). */
  url(): Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export function startAppProcess(role: "all" | "web" | "worker", env: NodeJS.ProcessEnv): AppProcess {
  // Node itself with tsx's loader (not the tsx wrapper, which runs the app in a child of
  // its own): the pid is the app's, so SIGKILL kills the app.
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts", role], {
    env: {
      PATH: process.env.PATH,
      PORT: "0",
      LOG_LEVEL: "info",
      SESSION_SECRET: TEST_SESSION_SECRET,
      TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      ...env,
    },
  });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    child,
    startedAt: Date.now(),
    exited,
    output: () => output,
    url: () =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`did not start: ${output}`)), 40_000);
        const check = () => {
          // The start line, "Open …" (JSON: stdout is a pipe), carries the address.
          const line = output.split("\n").find((l) => l.includes('"msg":"Open '));
          if (!line) return;
          clearTimeout(timer);
          child.stdout.off("data", check);
          resolve(JSON.parse(line).url);
        };
        child.stdout.on("data", check);
        check();
        void exited.then(() => reject(new Error(`exited early: ${output}`)));
      }),
    async kill(signal: NodeJS.Signals = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
