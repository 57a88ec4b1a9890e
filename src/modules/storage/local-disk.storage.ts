/**
 * `FileStorage` on the local file system under `config.uploads.dir`: the default for a single
 * server and for tests. Writes go to `<root>/.tmp/` and are renamed into place, so a crash never
 * leaves half a file under a real key, and every path is checked to stay inside the root.
 */
import { randomUUID } from 'node:crypto';
import { Dirent } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, statfs } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../../common/errors/app-error.js';
import {
  assertSafeKey,
  FileStorage,
  isValidKey,
  StorageHealth,
  StoredObject,
  UnsafeStorageKeyError,
} from './storage.js';

/** Not a valid shard name, so it can never collide with a key. */
export const TEMP_DIR = '.tmp';
const SHARD = /^[0-9a-f]{2}$/;

function isNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function entriesOf(dir: string): Promise<Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

export class LocalDiskStorage extends FileStorage {
  readonly root: string;
  private readonly tempDir: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
    this.tempDir = join(this.root, TEMP_DIR);
  }

  /** The absolute path of `key`; refuses anything that would resolve outside the root. */
  pathOf(key: string): string {
    assertSafeKey(key);
    const path = resolve(this.root, ...key.split('/'));
    if (!path.startsWith(this.root + sep)) throw new UnsafeStorageKeyError(key, 'escapes the root');
    return path;
  }

  async write(key: string, source: Readable): Promise<void> {
    let target: string;
    try {
      target = this.pathOf(key);
    } catch (error) {
      source.destroy();
      throw error;
    }
    const temp = join(this.tempDir, `${randomUUID()}.part`);
    try {
      await mkdir(this.tempDir, { recursive: true });
      // Created before streaming starts, so the clean-up below can never run ahead of the file.
      await pipeline(source, await this.openTemporary(temp));
      await mkdir(dirname(target), { recursive: true });
      await rename(temp, target);
    } catch (error) {
      source.destroy();
      await rm(temp, { force: true });
      throw error;
    }
  }

  /**
   * The stream a write goes to before it is renamed into place. flush: fsync before close, so the
   * rename never publishes a file whose bytes are not on disk. (Tests replace it to make the disk
   * fail the way a full or read-only one does.)
   */
  protected async openTemporary(path: string): Promise<Writable> {
    const handle = await open(path, 'wx', 0o640);
    return handle.createWriteStream({ flush: true });
  }

  async read(key: string): Promise<Readable> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, 'r');
      return handle.createReadStream();
    } catch (error) {
      if (isNotFound(error)) throw AppError.notFound('File');
      throw error;
    }
  }

  /**
   * The whole file in one buffer of its own, read in one go: no chunks gathered and dropped, and
   * nothing shared with Node's pool, so a PDF worker can be handed it without a copy.
   */
  override async readBuffer(key: string): Promise<Buffer> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if (isNotFound(error)) throw AppError.notFound('File');
      throw error;
    }
  }

  async stat(key: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    try {
      const info = await stat(path);
      if (!info.isFile()) throw AppError.notFound('File');
      return { key, size: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if (isNotFound(error)) throw AppError.notFound('File');
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    // Shard directories stay: removing an empty one races with a write about to rename into it.
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.stat(key);
      return true;
    } catch (error) {
      if (error instanceof AppError) return false;
      throw error;
    }
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const first of await entriesOf(this.root)) {
      if (!first.isDirectory() || !SHARD.test(first.name)) continue;
      for (const second of await entriesOf(join(this.root, first.name))) {
        if (!second.isDirectory() || !SHARD.test(second.name)) continue;
        const dir = join(this.root, first.name, second.name);
        for (const file of await entriesOf(dir)) {
          const key = `${first.name}/${second.name}/${file.name}`;
          if (!file.isFile() || !isValidKey(key)) continue;
          const found = await this.statIfPresent(key);
          if (found) yield found;
        }
      }
    }
  }

  async removeStaleTemporaries(olderThan: Date): Promise<number> {
    let removed = 0;
    for (const entry of await entriesOf(this.tempDir)) {
      const path = join(this.tempDir, entry.name);
      const info = await stat(path).catch(() => undefined);
      if (!info || info.mtime >= olderThan) continue;
      await rm(path, { force: true, recursive: true });
      removed += 1;
    }
    return removed;
  }

  /**
   * Writes and removes one byte under the temporary directory: the only test that catches a
   * read-only mount, a full disk and lost permissions alike (root ignores permission bits).
   */
  async health(): Promise<StorageHealth> {
    const probe = join(this.tempDir, `${randomUUID()}.probe`);
    let reason: string | undefined;
    try {
      await mkdir(this.tempDir, { recursive: true });
      const handle = await open(probe, 'wx', 0o640);
      try {
        await handle.write(Buffer.from([0]));
      } finally {
        await handle.close();
      }
    } catch (error) {
      reason = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    } finally {
      await rm(probe, { force: true }).catch(() => undefined);
    }
    const freeBytes = await statfs(this.root).then(
      (s) => s.bavail * s.bsize,
      () => null,
    );
    return reason ? { writable: false, freeBytes, reason } : { writable: true, freeBytes };
  }

  /** A file deleted between listing and stat is simply skipped. */
  private async statIfPresent(key: string): Promise<StoredObject | undefined> {
    try {
      return await this.stat(key);
    } catch (error) {
      if (error instanceof AppError) return undefined;
      throw error;
    }
  }
}
