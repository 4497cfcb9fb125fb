import fs from "node:fs";
import path from "node:path";
import { AppError } from "../lib/errors";

/**
 * PGlite does not stop two processes from opening the same data directory, and two
 * would corrupt it. A lock file holding the owner's pid does: a second process gets a
 * clear error; a lock left by a process that died is taken over.
 */
export function acquireDataDirLock(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "pglite.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: "wx" });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, "utf8") === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // already gone
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = Number(fs.readFileSync(lockPath, "utf8").trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new AppError(
          "DATA_DIR_LOCKED",
          `The embedded database in ${dataDir} is in use by process ${owner}. ` +
            "Stop that process, use another DATA_DIR, or set DATABASE_URL to share a real PostgreSQL.",
        );
      }
      fs.unlinkSync(lockPath); // stale: its owner is gone
    }
  }
  throw new AppError("DATA_DIR_LOCKED", `Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
