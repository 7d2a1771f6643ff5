/**
 * A small fake of the Cloud Storage JSON API on 127.0.0.1, enough for the real @google-cloud/storage
 * client: media and multipart uploads, object metadata, media download (optionally of an older
 * generation, with x-goog-hash so the client's CRC32C check runs), list by prefix, copyTo/rewriteTo.
 * Every object version is kept; generations increase. Requests are recorded for assertions.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  bucket: string;
  name: string;
  generation: string;
  contentType: string;
  metadata: Record<string, string>;
  body: Buffer;
  created: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
}

export interface FakeGcs {
  url: string;
  requests: RecordedRequest[];
  /** The next `times` requests answer HTTP `status` (fault injection). */
  fail(status: number, times?: number): void;
  /** Every version of an object, oldest first. */
  versions(bucket: string, name: string): StoredObject[];
  close(): Promise<void>;
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(bytes: Buffer): string {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC32C_TABLE[(crc ^ b) & 0xff]! ^ (crc >>> 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE((crc ^ 0xffffffff) >>> 0);
  return out.toString('base64');
}

function resource(o: StoredObject): Record<string, unknown> {
  return {
    kind: 'storage#object',
    id: `${o.bucket}/${o.name}/${o.generation}`,
    bucket: o.bucket,
    name: o.name,
    generation: o.generation,
    metageneration: '1',
    contentType: o.contentType,
    size: String(o.body.length),
    md5Hash: createHash('md5').update(o.body).digest('base64'),
    crc32c: crc32c(o.body),
    metadata: o.metadata,
    timeCreated: o.created,
    updated: o.created,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Splits a multipart/related body into its parts (headers are dropped; order is metadata, media). */
function multipartParts(body: Buffer, boundary: string): Buffer[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      let content = part.subarray(headerEnd + 4);
      if (content.subarray(-2).toString() === '\r\n') content = content.subarray(0, -2);
      parts.push(content);
    }
    start = next;
  }
  return parts;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(JSON.stringify(body));
}

function notFound(res: ServerResponse, what: string): void {
  sendJson(res, 404, {
    error: {
      code: 404,
      message: `No such object: ${what}`,
      errors: [{ reason: 'notFound', message: `No such object: ${what}` }],
    },
  });
}

export async function startFakeGcs(): Promise<FakeGcs> {
  const objects = new Map<string, StoredObject[]>();
  const requests: RecordedRequest[] = [];
  let nextGeneration = 1_700_000_000_000_000;
  const faults: number[] = [];
  const key = (bucket: string, name: string) => `${bucket}\u0000${name}`;

  const put = (
    bucket: string,
    name: string,
    contentType: string,
    metadata: Record<string, string>,
    body: Buffer,
  ): StoredObject => {
    const o: StoredObject = {
      bucket,
      name,
      generation: String(nextGeneration++),
      contentType,
      metadata,
      body,
      created: new Date().toISOString(),
    };
    const list = objects.get(key(bucket, name)) ?? [];
    list.push(o);
    objects.set(key(bucket, name), list);
    return o;
  };
  const find = (bucket: string, name: string, generation?: string): StoredObject | undefined => {
    const list = objects.get(key(bucket, name)) ?? [];
    return generation ? list.find((o) => o.generation === generation) : list.at(-1);
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query });
    const body = await readBody(req);
    const fault = faults.shift();
    if (fault !== undefined)
      return sendJson(res, fault, {
        error: {
          code: fault,
          message: `injected HTTP ${fault}`,
          errors: [{ reason: 'injected', message: `injected HTTP ${fault}` }],
        },
      });
    // Path segments decoded one by one: object names may contain '/' (encoded as %2F) and '#'.
    const seg = url.pathname.split('/').map((s) => decodeURIComponent(s));

    // POST /upload/storage/v1/b/<bucket>/o?uploadType=media|multipart&name=<name>
    if (req.method === 'POST' && seg[1] === 'upload' && seg[4] === 'b' && seg[6] === 'o') {
      const bucket = seg[5]!;
      // Precondition: ifGenerationMatch=0 means "only if the object does not exist yet".
      const objectName = query.name ?? '';
      if (query.ifGenerationMatch !== undefined && objectName) {
        const current = find(bucket, objectName)?.generation ?? '0';
        if (current !== query.ifGenerationMatch) {
          return sendJson(res, 412, {
            error: {
              code: 412,
              message: 'At least one of the pre-conditions you specified did not hold.',
              errors: [{ reason: 'conditionNotMet' }],
            },
          });
        }
      }
      if (query.uploadType === 'media') {
        const o = put(
          bucket,
          query.name ?? '',
          req.headers['content-type'] ?? 'application/octet-stream',
          {},
          body,
        );
        return sendJson(res, 200, resource(o));
      }
      if (query.uploadType === 'multipart') {
        const boundary = /boundary=("?)([^";]+)\1/.exec(req.headers['content-type'] ?? '')?.[2];
        const [metaPart, media] = boundary ? multipartParts(body, boundary) : [];
        if (!metaPart || !media)
          return sendJson(res, 400, { error: { code: 400, message: 'bad multipart body' } });
        const meta = JSON.parse(metaPart.toString('utf8')) as {
          name?: string;
          contentType?: string;
          metadata?: Record<string, string>;
        };
        const o = put(
          bucket,
          meta.name ?? query.name ?? '',
          meta.contentType ?? 'application/octet-stream',
          meta.metadata ?? {},
          media,
        );
        return sendJson(res, 200, resource(o));
      }
      return sendJson(res, 400, {
        error: { code: 400, message: `unsupported uploadType ${query.uploadType}` },
      });
    }

    // /storage/v1/b/<bucket>/o[/<name>[/(copyTo|rewriteTo)/b/<bucket>/o/<name>]]
    if (seg[1] === 'storage' && seg[2] === 'v1' && seg[3] === 'b' && seg[5] === 'o') {
      const bucket = seg[4]!;
      if (seg.length === 6 && req.method === 'GET') {
        const prefix = query.prefix ?? '';
        const items = [...objects.values()]
          .map((list) => list.at(-1)!)
          .filter((o) => o.bucket === bucket && o.name.startsWith(prefix))
          .sort((a, b) => a.name.localeCompare(b.name))
          .map(resource);
        return sendJson(res, 200, { kind: 'storage#objects', items });
      }
      const name = seg[6]!;
      if (seg.length === 7 && req.method === 'GET') {
        const o = find(bucket, name, query.generation);
        if (!o) return notFound(res, `${bucket}/${name}`);
        if (query.alt === 'media') {
          res.writeHead(200, {
            'content-type': o.contentType,
            'x-goog-hash': `crc32c=${crc32c(o.body)},md5=${createHash('md5').update(o.body).digest('base64')}`,
            'x-goog-generation': o.generation,
          });
          return res.end(o.body);
        }
        return sendJson(res, 200, resource(o));
      }
      if (
        seg.length === 12 &&
        req.method === 'POST' &&
        (seg[7] === 'copyTo' || seg[7] === 'rewriteTo') &&
        seg[8] === 'b' &&
        seg[10] === 'o'
      ) {
        const source = find(bucket, name, query.sourceGeneration);
        if (!source) return notFound(res, `${bucket}/${name}`);
        const copy = put(
          seg[9]!,
          seg[11]!,
          source.contentType,
          { ...source.metadata },
          source.body,
        );
        if (seg[7] === 'copyTo') return sendJson(res, 200, resource(copy));
        const size = String(copy.body.length);
        return sendJson(res, 200, {
          kind: 'storage#rewriteResponse',
          totalBytesRewritten: size,
          objectSize: size,
          done: true,
          resource: resource(copy),
        });
      }
    }
    sendJson(res, 404, {
      error: { code: 404, message: `fake GCS does not serve ${req.method} ${url.pathname}` },
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fail: (status, times = 1) => faults.push(...Array.from({ length: times }, () => status)),
    versions: (bucket, name) => [...(objects.get(key(bucket, name)) ?? [])],
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
