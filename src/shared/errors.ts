/**
 * Error names shared by the worker and the UI. Errors cross Comlink as `{name, message}` only,
 * so the UI matches on `name`, never on `instanceof`.
 */
export const ERROR_NAMES = [
  'AbortError',
  'DataMissing',
  'DataCorrupt',
  'DownloadFailed',
  'StorageFailed',
  'NoModel',
  'Busy',
  'BackendUnavailable',
  'InvalidConfig',
  'CheckpointInvalid',
  'WorkerCrashed',
  // Saved models
  'ImportInvalid',
  'ModelNotFound',
  'InvalidName',
  'NotAnImage',
] as const;
/** A known error name. */
export type ErrorName = (typeof ERROR_NAMES)[number];

/** An error with a known name, thrown in the worker and recognised in the UI. */
export class StudioError extends Error {
  /** Creates an error whose `name` survives the trip through Comlink. */
  constructor(
    public override readonly name: ErrorName,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the shared error name of anything thrown, or `undefined` for unknown errors. */
export function errorName(error: unknown): ErrorName | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && (ERROR_NAMES as readonly string[]).includes(name)
    ? (name as ErrorName)
    : undefined;
}
