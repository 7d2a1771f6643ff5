/** What both object stores do with an ObjectBody (core/ports.ts) before writing it. */
import { createHash } from 'node:crypto';
import type { ObjectBody } from '../core/ports.js';

/** The body as Buffers in order: one for a string or a Buffer. */
export function bodyChunks(body: ObjectBody): readonly Buffer[] {
  if (typeof body === 'string') return [Buffer.from(body, 'utf8')];
  return Buffer.isBuffer(body) ? [body] : body;
}

/** Base64 MD5 of the whole body, as GCS reports it (`md5Hash`). */
export function md5Base64(chunks: readonly Buffer[]): string {
  const hash = createHash('md5');
  for (const chunk of chunks) hash.update(chunk);
  return hash.digest('base64');
}
