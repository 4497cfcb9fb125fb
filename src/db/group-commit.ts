/**
 * Group commit: items arriving while earlier ones are being written share the next
 * write (one transaction, one COMMIT), and each caller is answered only after the write
 * holding its item has completed, so nothing acknowledged can be lost. Under a burst
 * this turns one commit per item into one per batch.
 *
 * A batch that fails is written again one item per write, so one item the database
 * refuses fails alone instead of taking its neighbours with it. Writes must therefore
 * be idempotent (a batch whose COMMIT was in doubt is written again).
 */
export interface GroupCommitOptions<T, R> {
  /** Items per write. */
  maxBatch: number;
  /** Writes at the same time. */
  maxInFlight: number;
  /** Writes a batch in one transaction: one result per item, in order. */
  write: (batch: T[]) => Promise<R[]>;
  /** Items with the same key never share a batch: the later one waits for the next. */
  key?: (item: T) => string;
}

interface Queued<T, R> {
  item: T;
  resolve: (result: R | undefined) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit<T, R> {
  private queued: Queued<T, R>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  submit(item: T): Promise<R> {
    return new Promise((resolve, reject) => {
      this.queued.push({ item, resolve: (result) => resolve(result as R), reject });
      this.pump();
    });
  }

  private pump() {
    while (this.inFlight < this.options.maxInFlight && this.queued.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.writeIsolatingFailures(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private takeBatch(): Queued<T, R>[] {
    const { maxBatch, key } = this.options;
    if (!key) return this.queued.splice(0, maxBatch);
    const batch: Queued<T, R>[] = [];
    const rest: Queued<T, R>[] = [];
    const keys = new Set<string>();
    for (const q of this.queued) {
      const k = key(q.item);
      if (batch.length >= maxBatch || keys.has(k)) rest.push(q);
      else {
        keys.add(k);
        batch.push(q);
      }
    }
    this.queued = rest;
    return batch;
  }

  private async writeIsolatingFailures(batch: Queued<T, R>[]): Promise<void> {
    const { write } = this.options;
    try {
      const results = await write(batch.map((q) => q.item));
      batch.forEach((q, i) => q.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) {
        batch[0]?.reject(err);
        return;
      }
      for (const q of batch) {
        await write([q.item]).then(([result]) => q.resolve(result), (e: unknown) => q.reject(e));
      }
    }
  }
}
