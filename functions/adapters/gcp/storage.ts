/**
 * ObjectStore on Cloud Storage. Generations are the object versions the ledger and the job ids key
 * on; `skipIfUnchanged` compares MD5s first so re-extracting identical bytes creates no generation
 * and therefore no finalize event (nothing downstream runs twice).
 */
import { Storage, type File, type FileMetadata } from '@google-cloud/storage';
import type { Config } from '../../config.js';
import {
  ConfigError,
  PermanentError,
  classifyByStatus,
  type PipelineError,
} from '../../core/errors.js';
import type {
  BucketRole,
  ObjectBody,
  ObjectInfo,
  ObjectRef,
  ObjectStore,
  WriteOptions,
} from '../../core/ports.js';
import { bodyChunks, md5Base64 } from '../body.js';

/** Maps a Cloud Storage client error to the pipeline's error classes. */
export function storageError(error: unknown, what: string): PipelineError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = `${what}: ${error instanceof Error ? error.message.slice(0, 300) : String(error)}`;
  if (code === 404) return new PermanentError('STORE.NOT_FOUND', message, { cause: error });
  if (code === 401 || code === 403)
    return new ConfigError('STORE.ACCESS_DENIED', message, { cause: error });
  return classifyByStatus(code, 'STORE', message, error);
}

function stringMetadata(meta: FileMetadata['metadata']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {}))
    if (v !== null && v !== undefined) out[k] = String(v);
  return out;
}

function infoOf(bucket: string, name: string, meta: FileMetadata): ObjectInfo {
  return {
    bucket,
    name,
    generation: String(meta.generation ?? ''),
    size: Number(meta.size ?? 0),
    md5: meta.md5Hash ?? '',
    metadata: stringMetadata(meta.metadata),
  };
}

export class GcsObjectStore implements ObjectStore {
  constructor(
    private readonly buckets: Config['buckets'],
    private readonly storage: Storage = new Storage(),
  ) {}

  bucket(role: BucketRole): string {
    return this.buckets[role];
  }

  uri(bucket: string, name: string): string {
    return `gs://${bucket}/${name}`;
  }

  private file(bucket: string, name: string, generation?: string): File {
    return this.storage.bucket(bucket).file(name, generation === undefined ? {} : { generation });
  }

  async write(
    bucket: string,
    name: string,
    body: ObjectBody,
    options: WriteOptions,
  ): Promise<ObjectRef & { written: boolean }> {
    const chunks = bodyChunks(body);
    if (options.skipIfUnchanged) {
      const current = await this.stat(bucket, name);
      if (current && current.md5 === md5Base64(chunks))
        return { bucket, name, generation: current.generation, written: false };
    }
    const file = this.file(bucket, name);
    try {
      // Several chunks go as a source function: streamed in order, never joined, and the client
      // can call it again to retry (a stream or a plain iterable it could read only once).
      await file.save(chunks.length === 1 ? chunks[0]! : () => chunks, {
        resumable: false,
        contentType: options.contentType,
        metadata: { contentType: options.contentType, metadata: options.metadata ?? {} },
        // Create-only claim: GCS refuses the write (412) when any generation exists.
        ...(options.ifAbsent ? { preconditionOpts: { ifGenerationMatch: 0 } } : {}),
        // Read-modify-write: refused (412) when another writer replaced the generation read.
        ...(options.ifGenerationMatch !== undefined && !options.ifAbsent
          ? { preconditionOpts: { ifGenerationMatch: options.ifGenerationMatch } }
          : {}),
      });
    } catch (error) {
      if (
        (options.ifAbsent || options.ifGenerationMatch !== undefined) &&
        (error as { code?: unknown }).code === 412
      ) {
        const current = await this.stat(bucket, name);
        return { bucket, name, generation: current?.generation ?? '', written: false };
      }
      throw storageError(error, `write gs://${bucket}/${name}`);
    }
    return { bucket, name, generation: String(file.metadata.generation ?? ''), written: true };
  }

  async read(ref: { bucket: string; name: string; generation?: string }): Promise<Buffer> {
    try {
      const [bytes] = await this.file(ref.bucket, ref.name, ref.generation).download();
      return bytes;
    } catch (error) {
      throw storageError(
        error,
        `read gs://${ref.bucket}/${ref.name}${ref.generation ? `#${ref.generation}` : ''}`,
      );
    }
  }

  async stat(bucket: string, name: string): Promise<ObjectInfo | undefined> {
    try {
      const [meta] = await this.file(bucket, name).getMetadata();
      return infoOf(bucket, name, meta);
    } catch (error) {
      if ((error as { code?: unknown }).code === 404) return undefined;
      throw storageError(error, `stat gs://${bucket}/${name}`);
    }
  }

  async list(bucket: string, prefix: string): Promise<ObjectInfo[]> {
    try {
      const [files] = await this.storage.bucket(bucket).getFiles({ prefix, autoPaginate: true });
      return files.map((f) => infoOf(bucket, f.name, f.metadata));
    } catch (error) {
      throw storageError(error, `list gs://${bucket}/${prefix}`);
    }
  }

  async remove(ref: ObjectRef): Promise<boolean> {
    try {
      // Only this generation: a claim re-taken by a later delivery is never deleted by an older one.
      await this.file(ref.bucket, ref.name).delete({ ifGenerationMatch: Number(ref.generation) });
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 404 || code === 412) return false;
      throw storageError(error, `delete gs://${ref.bucket}/${ref.name}#${ref.generation}`);
    }
  }

  async copy(from: ObjectRef, toBucket: string, toName: string): Promise<ObjectRef> {
    try {
      const [, response] = await this.file(from.bucket, from.name, from.generation).copy(
        this.storage.bucket(toBucket).file(toName),
      );
      const generation = (response as { resource?: { generation?: string | number } } | undefined)
        ?.resource?.generation;
      return { bucket: toBucket, name: toName, generation: String(generation ?? '') };
    } catch (error) {
      throw storageError(
        error,
        `copy gs://${from.bucket}/${from.name} to gs://${toBucket}/${toName}`,
      );
    }
  }
}
