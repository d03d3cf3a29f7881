import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { checkSnapshot, SnapshotError, takeSnapshot, type ServiceSnapshot } from './pool-snapshot.js';
import type { ServiceState } from './service-state.js';

/** The one file of a data folder: the service's snapshot (see pool-snapshot.ts). */
export const DATA_FILE = 'local-pool.json';

/**
 * A folder that keeps a service's records across restarts. Every request that may have changed them is followed by
 * a save before it is answered, so whatever a client was told happened is on disk. A save writes a temporary file,
 * flushes it to the disk, and renames it over the previous file (a rename within a folder is atomic), then flushes
 * the folder: a crash at any point leaves either the previous snapshot or the new one, never a torn file.
 */
export interface DataFolder {
  readonly dir: string;
  /** The snapshot saved last, if the folder has one. */
  read(): ServiceSnapshot | undefined;
  /** Saves the service's records as they are once this save starts; resolves when they are on disk. */
  save(state: ServiceState): Promise<void>;
}

export function openDataFolder(dir: string): DataFolder {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, DATA_FILE);
  /** The last text written, without its time stamp: a request that changed nothing writes nothing. */
  let lastWritten: string | undefined;
  let running: Promise<void> = Promise.resolve();
  let queued: Promise<void> | undefined;

  const write = async (state: ServiceState): Promise<void> => {
    const snapshot = await takeSnapshot(state);
    const comparable = JSON.stringify({ ...snapshot, savedAt: 0 });
    if (comparable === lastWritten) return;
    writeAtomically(dir, file, `${JSON.stringify(snapshot, null, 1)}\n`);
    lastWritten = comparable;
  };

  return {
    dir,
    read() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new SnapshotError(`${file} is not valid JSON; move it away (or delete the folder) to start empty.`);
      }
      const snapshot = checkSnapshot(parsed);
      lastWritten = JSON.stringify({ ...snapshot, savedAt: 0 });
      return snapshot;
    },
    save(state) {
      // Saves run one at a time. A save asked for while one runs waits for it and then takes a fresh snapshot, which
      // holds every change made before it was asked for; callers that ask meanwhile share that same next save.
      if (queued) return queued;
      const next = running.catch(() => undefined).then(() => {
        queued = undefined;
        return write(state);
      });
      queued = next;
      running = next;
      return next;
    },
  };
}

function writeAtomically(dir: string, file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  syncFolder(dir);
}

/** Flushes the rename itself; Windows cannot open a folder for this, and its renames are flushed with the file. */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
