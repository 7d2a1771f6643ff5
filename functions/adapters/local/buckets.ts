/**
 * Buckets as folders: `<root>/<bucket>/<name>`, with GCS-like generations and md5 kept in a sidecar
 * tree `<root>/.meta/<bucket>/<name>.json`. Every write emits the `object.v1.finalized` CloudEvent
 * GCS would send, to whatever the runtime subscribed for that bucket.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { PermanentError } from '../../core/errors.js';
import { storageFinalizedEvent, type CloudEventLike } from '../../core/events.js';
import type {
  BucketRole,
  ObjectBody,
  ObjectInfo,
  ObjectRef,
  ObjectStore,
  WriteOptions,
} from '../../core/ports.js';
import { bodyChunks, md5Base64 } from '../body.js';

interface Meta {
  generation: string;
  md5: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
}

export class LocalObjectStore implements ObjectStore {
  private lastGeneration = 0n;

  constructor(
    private readonly root: string,
    private readonly names: Record<BucketRole, string>,
    private readonly onFinalize: (event: CloudEventLike) => void,
  ) {}

  bucket(role: BucketRole): string {
    return this.names[role];
  }

  private path(bucket: string, name: string): string {
    const base = resolve(this.root, bucket);
    const full = resolve(base, name);
    if (!full.startsWith(base + '/') || name.includes('\0'))
      throw new PermanentError(
        'STORE.BAD_NAME',
        `object name escapes the bucket: ${name.slice(0, 200)}`,
      );
    return full;
  }

  private metaPath(bucket: string, name: string): string {
    return join(this.root, '.meta', bucket, `${name}.json`);
  }

  private nextGeneration(): string {
    // Microseconds since the epoch, strictly increasing: the shape of a GCS generation.
    const now = BigInt(Date.now()) * 1000n;
    this.lastGeneration = now > this.lastGeneration ? now : this.lastGeneration + 1n;
    return this.lastGeneration.toString();
  }

  uri(bucket: string, name: string): string {
    return this.path(bucket, name);
  }

  private finalize(
    bucket: string,
    name: string,
    chunks: readonly Buffer[],
    contentType: string,
    metadata: Record<string, string>,
    md5 = md5Base64(chunks),
  ): ObjectRef {
    const meta: Meta = {
      generation: this.nextGeneration(),
      md5,
      size: chunks.reduce((n, chunk) => n + chunk.length, 0),
      contentType,
      metadata,
    };
    const mp = this.metaPath(bucket, name);
    mkdirSync(dirname(mp), { recursive: true });
    writeFileSync(mp, JSON.stringify(meta));
    this.onFinalize(
      storageFinalizedEvent({
        bucket,
        name,
        generation: meta.generation,
        size: meta.size,
        md5Hash: meta.md5,
        contentType,
        metadata,
        time: new Date().toISOString(),
      }),
    );
    return { bucket, name, generation: meta.generation };
  }

  async write(
    bucket: string,
    name: string,
    body: ObjectBody,
    options: WriteOptions,
  ): Promise<ObjectRef & { written: boolean }> {
    const chunks = bodyChunks(body);
    const path = this.path(bucket, name);
    if (options.ifAbsent) {
      // Checked and written with no await in between: atomic among this process's concurrent handlers.
      const mp = this.metaPath(bucket, name);
      if (existsSync(mp) && existsSync(path)) {
        const meta = JSON.parse(readFileSync(mp, 'utf8')) as Meta;
        return { bucket, name, generation: meta.generation, written: false };
      }
      writeChunks(path, chunks);
      return {
        ...this.finalize(bucket, name, chunks, options.contentType, options.metadata ?? {}),
        written: true,
      };
    }
    // Hashed once: compared here, then stored with the new generation below.
    const md5 = options.skipIfUnchanged ? md5Base64(chunks) : undefined;
    if (md5 !== undefined) {
      const current = await this.stat(bucket, name);
      if (current && current.md5 === md5) {
        return { bucket, name, generation: current.generation, written: false };
      }
    }
    if (options.ifGenerationMatch !== undefined) {
      // Checked and written with no await in between, like the create-only claim above.
      const mp = this.metaPath(bucket, name);
      const now =
        existsSync(mp) && existsSync(path)
          ? (JSON.parse(readFileSync(mp, 'utf8')) as Meta).generation
          : '0';
      if (now !== options.ifGenerationMatch)
        return { bucket, name, generation: now, written: false };
    }
    writeChunks(path, chunks);
    return {
      ...this.finalize(bucket, name, chunks, options.contentType, options.metadata ?? {}, md5),
      written: true,
    };
  }

  /** Registers files an external engine (local Spark) wrote under a prefix, emitting their finalize events; `_SUCCESS` last. */
  adopt(bucket: string, prefix: string, modifiedSince?: number): ObjectRef[] {
    const dir = this.path(bucket, prefix);
    if (!existsSync(dir)) return [];
    const files = readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && !e.name.startsWith('.'))
      .filter(
        (e) =>
          modifiedSince === undefined ||
          statSync(join(e.parentPath, e.name)).mtimeMs >= modifiedSince,
      )
      .map((e) => relative(resolve(this.root, bucket), join(e.parentPath, e.name)))
      .sort(
        (a, b) =>
          Number(a.endsWith('_SUCCESS')) - Number(b.endsWith('_SUCCESS')) || a.localeCompare(b),
      );
    return files.map((name) =>
      this.finalize(
        bucket,
        name,
        [readFileSync(this.path(bucket, name))],
        'application/octet-stream',
        {},
      ),
    );
  }

  /** Like adopt(), for an absolute path inside the bucket root (what a Spark job was told to write to). */
  adoptPath(path: string, modifiedSince?: number): ObjectRef[] {
    const [bucket, ...rest] = relative(this.root, path).split('/');
    if (!bucket || bucket.startsWith('.') || bucket === '..')
      throw new PermanentError('STORE.BAD_NAME', `${path} is outside the buckets`);
    return this.adopt(bucket, rest.join('/'), modifiedSince);
  }

  async read(ref: { bucket: string; name: string; generation?: string }): Promise<Buffer> {
    const info = await this.stat(ref.bucket, ref.name);
    if (!info || (ref.generation && ref.generation !== info.generation)) {
      throw new PermanentError(
        'STORE.NOT_FOUND',
        `gs://${ref.bucket}/${ref.name}#${ref.generation ?? 'latest'} does not exist`,
      );
    }
    return readFileSync(this.path(ref.bucket, ref.name));
  }

  async stat(bucket: string, name: string): Promise<ObjectInfo | undefined> {
    const mp = this.metaPath(bucket, name);
    if (!existsSync(mp) || !existsSync(this.path(bucket, name))) return undefined;
    const meta = JSON.parse(readFileSync(mp, 'utf8')) as Meta;
    return {
      bucket,
      name,
      generation: meta.generation,
      size: meta.size,
      md5: meta.md5,
      metadata: meta.metadata,
    };
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    const base = join(this.root, '.meta', bucket);
    if (!existsSync(base)) return [];
    const names = readdirSync(base, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.json'))
      .map((e) => relative(base, join(e.parentPath, e.name)).slice(0, -'.json'.length))
      .filter((n) => n.startsWith(prefix))
      .sort();
    const infos = await Promise.all(names.map((n) => this.stat(bucket, n)));
    return infos.filter((i): i is ObjectInfo => i !== undefined);
  }

  async remove(ref: ObjectRef): Promise<boolean> {
    const current = await this.stat(ref.bucket, ref.name);
    if (!current || current.generation !== ref.generation) return false;
    rmSync(this.path(ref.bucket, ref.name), { force: true });
    rmSync(this.metaPath(ref.bucket, ref.name), { force: true });
    return true;
  }

  async copy(from: ObjectRef, toBucket: string, toName: string): Promise<ObjectRef> {
    const bytes = await this.read(from);
    const info = await this.stat(from.bucket, from.name);
    const dest = this.path(toBucket, toName);
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(this.path(from.bucket, from.name), dest);
    return this.finalize(
      toBucket,
      toName,
      [bytes],
      'application/octet-stream',
      info?.metadata ?? {},
    );
  }
}

/** Writes the chunks in order as the file at `path` (synchronously: no other handler runs between). */
function writeChunks(path: string, chunks: readonly Buffer[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, 'w');
  try {
    for (const chunk of chunks) for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
  } finally {
    closeSync(fd);
  }
}
