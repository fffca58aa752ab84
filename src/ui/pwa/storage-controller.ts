/**
 * How much this origin stores and may store (`navigator.storage.estimate()`), and whether the
 * browser keeps it when space runs low (`persisted()`/`persist()`), kept on its host.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** What `refresh()` found: bytes used and allowed, and whether storage is persistent. */
export interface StorageReport {
  usage: number;
  quota: number;
  persisted: boolean;
}

/** Reads the storage estimate on demand and asks for persistent storage once there is data. */
export class StorageController implements ReactiveController {
  /** The latest report; `undefined` until read, or where the browser has no StorageManager. */
  report?: StorageReport;

  /** Counts reads, so an older answer that arrives late never replaces a newer one. */
  #reads = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostConnected(): void {
    void this.refresh();
  }

  /** Reads the estimate again (after a download or a deletion). */
  async refresh(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.estimate) return;
    const read = ++this.#reads;
    try {
      const [estimate, persisted] = await Promise.all([
        storage.estimate(),
        storage.persisted?.() ?? Promise.resolve(false),
      ]);
      if (read !== this.#reads) return;
      this.report = { usage: estimate.usage ?? 0, quota: estimate.quota ?? 0, persisted };
      this.host.requestUpdate();
    } catch {
      // Some privacy modes refuse to say; the panel then shows no storage line.
    }
  }

  /**
   * Asks the browser to keep the stored data when space runs low (Chromium decides without
   * asking; Firefox asks the person, so call this after they chose to store something).
   */
  async persist(): Promise<void> {
    const storage = navigator.storage as StorageManager | undefined;
    if (!storage?.persist) return;
    try {
      if (!(await storage.persisted())) await storage.persist();
    } catch {
      // Not granted or not supported: the data stays, as best-effort storage.
    }
    await this.refresh();
  }
}
