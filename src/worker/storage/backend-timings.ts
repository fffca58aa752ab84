/** The automatic backend choice's measurements, kept in IndexedDB's meta store. */
import { openStudioDb, storage, type BackendTimingsMeta } from './db.ts';

const KEY = 'backend-timings';

/** The stored timings if they were measured on `device`, else undefined. */
export function readBackendTimings(device: string): Promise<BackendTimingsMeta | undefined> {
  return storage('readBackendTimings', async () => {
    const record = await (await openStudioDb()).get('meta', KEY);
    return record?.key === KEY && record.device === device ? record : undefined;
  });
}

/** Stores timings for `device`, merged into what was measured there before. */
export function writeBackendTimings(
  device: string,
  stepMs: BackendTimingsMeta['stepMs'],
): Promise<void> {
  return storage('storeBackendTimings', async () => {
    const db = await openStudioDb();
    const old = await db.get('meta', KEY);
    const kept = old?.key === KEY && old.device === device ? old.stepMs : {};
    await db.put('meta', {
      key: KEY,
      device,
      stepMs: { ...kept, ...stepMs },
      measuredAt: Date.now(),
    });
  });
}
