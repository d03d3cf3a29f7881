/** Marks a value as one of ours, so that a raw XState snapshot is never mistaken for it (or the reverse). */
export const AUTH_SNAPSHOT_FORMAT = 'cognito-auth-machine/snapshot@1';

/** Whether `value` claims to be an `authSnapshot(auth)`; whether it can be resumed is for the resume feature to check. */
export function isAuthSnapshotData(value: unknown): value is { format: typeof AUTH_SNAPSHOT_FORMAT } {
  return typeof value === 'object' && value !== null && (value as { format?: unknown }).format === AUTH_SNAPSHOT_FORMAT;
}
