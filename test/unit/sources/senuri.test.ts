/** 100세누리 (senuri): the XML quirks, error classification, the list stop rule and the rows. Pure. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceClient } from '../../../functions/core/http.js';
import { createLogger } from '../../../functions/core/log.js';
import { parseSlot } from '../../../functions/core/slots.js';
import { slotUnit } from '../../../functions/core/units.js';
import { listOf, parseXml } from '../../../functions/sources/datagokr/xml.js';
import { senuriFake } from '../../../functions/sources/senuri/fake.js';
import { senuri } from '../../../functions/sources/senuri/index.js';
import type { ExtractContext } from '../../../functions/sources/types.js';
import {
  classifySenuri,
  extractSenuri,
  listHash,
  pastTheDay,
  unitPostings,
  ymd,
} from '../../../functions/sources/senuri/client.js';
import {
  detailRow,
  instant,
  listRow,
  wholeNumber,
} from '../../../functions/sources/senuri/transform.js';

const ok = (body: string) =>
  `<response><header><resultCode>00</resultCode><resultMsg>NORMAL SERVICE.</resultMsg></header><body>${body}</body></response>`;
const first = (xml: string) => {
  const a = classifySenuri({ status: 200, body: xml });
  assert.equal(a.kind, 'data');
  return a.kind === 'data' ? a.items[0]! : {};
};

test('a BOM and the prolog before the root are accepted', () => {
  const doc = parseXml(
    '\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<response><a>1</a></response>',
  );
  assert.deepEqual(doc, { response: { a: '1' } });
});

test('default and prefixed namespaces are removed from names', () => {
  assert.deepEqual(parseXml('<response xmlns="urn:x"><a>1</a></response>'), {
    response: { a: '1' },
  });
  assert.deepEqual(
    parseXml(
      '<ns2:response xmlns:ns2="urn:x"><ns2:body><ns2:a>1</ns2:a></ns2:body></ns2:response>',
    ),
    { response: { body: { a: '1' } } },
  );
});

test('xsi:nil is null, an empty element is the empty string', () => {
  const doc = parseXml(
    '<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><a xsi:nil="true"/><b/><c></c></r>',
  );
  assert.deepEqual(doc, { r: { a: null, b: '', c: '' } });
});

test('CDATA is kept verbatim, never entity-decoded', () => {
  const doc = parseXml('<r><a><![CDATA[a &amp; <b> &#54620;]]></a><b>x<![CDATA[ & y]]></b></r>');
  assert.deepEqual(doc, { r: { a: 'a &amp; <b> &#54620;', b: 'x & y' } });
});

test('entities are decoded exactly once: named, decimal, hex, and double-escaped text', () => {
  const doc = parseXml(
    '<r><a>&amp;lt;b&amp;gt;</a><b>&lt;x&gt; &quot;q&quot; &apos;s&apos;</b><c>&#54620;&#xAE00;</c><d>&amp;#54620; &amp;amp;</d></r>',
  );
  assert.deepEqual(doc, {
    r: { a: '&lt;b&gt;', b: '<x> "q" \'s\'', c: '한글', d: '&#54620; &amp;' },
  });
});

test('CHAR padding and pretty-printing whitespace are trimmed; codes stay strings', () => {
  const doc = parseXml('<r>\n  <a>  CM0103   </a>\n  <b>010240</b>\n  <c>\n\t0001\n  </c>\n</r>\n');
  assert.deepEqual(doc, { r: { a: 'CM0103', b: '010240', c: '0001' } });
});

test('a single element and a repeated one both come back as a list', () => {
  const one = parseXml('<r><item><a>1</a></item></r>');
  const two = parseXml('<r><item><a>1</a></item><item><a>2</a></item></r>');
  assert.deepEqual(listOf((one.r as Record<string, never>).item), [{ a: '1' }]);
  assert.deepEqual(listOf((two.r as Record<string, never>).item), [{ a: '1' }, { a: '2' }]);
  assert.deepEqual(listOf(''), []);
});

test('a cut-off body is not well-formed', () => {
  assert.throws(() => parseXml('<response><header><resultCode>00</resultCode>'), /not well-formed/);
});

test('the detail item under body/items/item and under body/item', () => {
  assert.equal(first(ok('<items><item><jobId>A1</jobId></item></items>')).jobId, 'A1');
  assert.equal(first(ok('<item><jobId>B2</jobId></item>')).jobId, 'B2');
});

test('classification: NODATA, key errors, quota, transient codes, HTML, plain text, cut-off', () => {
  assert.deepEqual(
    classifySenuri({
      status: 200,
      body: '<response><header><resultCode>03</resultCode><resultMsg>NODATA_ERROR</resultMsg></header><body><items/></body></response>',
    }),
    { kind: 'nodata' },
  );
  const gateway = (code: string, status = 200) => ({
    status,
    body: `<OpenAPI_ServiceResponse><cmmMsgHeader><errMsg>SERVICE ERROR</errMsg><returnAuthMsg>X</returnAuthMsg><returnReasonCode>${code}</returnReasonCode></cmmMsgHeader></OpenAPI_ServiceResponse>`,
  });
  for (const code of ['30', '31', '32', '33'])
    assert.throws(
      () => classifySenuri(gateway(code)),
      (e: { kind: string; payload?: string }) => e.kind === 'config' && !!e.payload,
      code,
    );
  assert.throws(() => classifySenuri(gateway('30', 401)), { kind: 'config' });
  assert.throws(() => classifySenuri(gateway('22')), {
    kind: 'permanent',
    code: 'SENURI.QUOTA',
  });
  const header = (code: string) => ({
    status: 200,
    body: `<response><header><resultCode>${code}</resultCode><resultMsg>ERR</resultMsg></header></response>`,
  });
  for (const code of ['01', '02', '04', '05', '99'])
    assert.throws(() => classifySenuri(header(code)), { kind: 'transient' }, code);
  assert.throws(() => classifySenuri(header('22')), { code: 'SENURI.QUOTA' });
  assert.throws(() => classifySenuri(header('10')), { kind: 'permanent' });
  assert.throws(
    () => classifySenuri({ status: 200, body: '<!DOCTYPE html><html><body>점검</body></html>' }),
    { kind: 'permanent', code: 'SENURI.HTML' },
  );
  assert.throws(() => classifySenuri({ status: 403, body: 'Unexpected errors' }), {
    kind: 'config',
  });
  assert.throws(() => classifySenuri({ status: 200, body: 'Unexpected errors' }), {
    kind: 'transient',
  });
  assert.throws(() => classifySenuri({ status: 200, body: '<response><header><resultCode>00' }), {
    kind: 'transient',
    code: 'SENURI.BAD_XML',
  });
});

test('the stop rule and the unit’s postings: first occurrence wins, frDd on or after the day', () => {
  const item = (jobId: string, frDd: string, title = 't') => ({ jobId, frDd, recrtTitle: title });
  const page1 = [item('a', '20261125'), item('b', '20261124'), item('c', '20261123', 'first')];
  const page2 = [item('c', '20261123', 'second'), item('d', '20261122'), item('e', '')];
  assert.equal(pastTheDay(page1, '2026-11-23'), false);
  assert.equal(pastTheDay(page2, '2026-11-23'), false, 'no date on the last item: go on');
  assert.equal(pastTheDay([item('d', '20261122')], '2026-11-23'), true);
  const unit = unitPostings([page1, page2], '2026-11-23');
  assert.deepEqual([...unit.keys()], ['a', 'b', 'c', 'e']);
  assert.equal(unit.get('c')!.recrtTitle, 'first');
});

test('list hash: the same parsed item hashes the same, any changed field does not', () => {
  const a = { jobId: 'x', deadline: '접수중', frDd: '20261123' };
  assert.equal(listHash(a), listHash({ frDd: '20261123', jobId: 'x', deadline: '접수중' }));
  assert.notEqual(listHash(a), listHash({ ...a, deadline: '마감' }));
  const padded = parseXml(
    '<item><jobId>x</jobId><deadline>접수중  </deadline><frDd>20261123</frDd></item>',
  );
  assert.equal(
    listHash(padded.item as Record<string, unknown>),
    listHash(a),
    'padding is no change',
  );
});

test('dates and times: YYYYMMDD, offsets, no offset = KST', () => {
  assert.equal(ymd('20261123'), '2026-11-23');
  assert.equal(ymd('2026-11-23'), '2026-11-23');
  assert.equal(ymd('20261131'), undefined);
  assert.equal(instant({ t: '2026-11-23T09:12:40+09:00' }, 't'), '2026-11-23T00:12:40.000Z');
  assert.equal(instant({ t: '2026-11-24T01:00:02' }, 't'), '2026-11-23T16:00:02.000Z');
  assert.equal(instant({ t: '2026-11-23T07:45:12+0900' }, 't'), '2026-11-22T22:45:12.000Z');
  assert.equal(instant({ t: '2026-11-23T08:30:00Z' }, 't'), '2026-11-23T08:30:00.000Z');
  assert.equal(instant({ t: null }, 't'), null);
  assert.throws(() => instant({ t: '어제' }, 't'), /not an ISO-8601/);
});

test('rows: headcount (clltPrnnum) and age kept as sent, parsed when whole; NODATA is an empty detail', () => {
  assert.equal(wholeNumber('3'), 3);
  assert.equal(wholeNumber('1명'), 1);
  assert.equal(wholeNumber('60세 이상'), 60);
  assert.equal(wholeNumber('무관'), null);
  const d = detailRow('J1', 'h', { jobId: 'J1', clltPrnnum: '3', clltPrnum: '9', age: '무관' });
  assert.equal(d.headcount, 3, 'clltPrnnum with double n');
  assert.equal(d.age, '무관');
  assert.equal(d.min_age, null);
  const gone = detailRow('J2', 'h', undefined);
  assert.equal(gone.detail_status, 'nodata');
  assert.equal(gone.wanted_title, null);
  assert.throws(() => detailRow('J3', 'h', { jobId: 'OTHER' }), /answered jobId/);
  assert.throws(() => listRow({ jobId: 'J4', frDd: '2026/11/23' }, '2026-11-23'), /not YYYYMMDD/);
  assert.throws(() => listRow({ jobId: 'J5', recrtTitle: { x: '1' } }, '2026-11-23'), /not text/);
});

// ---------------------------------------------------------------------------------------------
// The extract against the fake route (in process): the fetch state decides which details are asked.
// ---------------------------------------------------------------------------------------------
const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;
const answer = senuriFake.create(FIXTURES, 'k');

function context(
  state: Record<string, unknown>[] | Error | undefined,
  only?: string[],
): { ctx: ExtractContext; asked: string[] } {
  const asked: string[] = [];
  const client: SourceClient = {
    redact: (t) => t,
    request: async ({ key, url }) => {
      const u = new URL(url);
      if (u.pathname.endsWith('getJobInfo')) asked.push(u.searchParams.get('id')!);
      const r = answer({
        method: 'GET',
        path: u.pathname,
        params: Object.fromEntries(u.searchParams),
        body: '',
        now: 0,
      });
      const request = { method: 'GET', url: `${u.pathname}${u.search}` };
      return { key, request, status: r.status, contentType: r.contentType, body: r.body };
    },
  };
  const ctx: ExtractContext = {
    unit: slotUnit(parseSlot('2026-11-24T00:00+09:00/P1D')),
    settings: { ...senuri.client, pageSize: 4 },
    options: { budgetSeconds: '600' },
    client,
    secret: 'k',
    log: createLogger(() => {}),
    now: 0,
    ...(only ? { only } : {}),
    ...(state === undefined
      ? {}
      : {
          warehouse: {
            query: async () => {
              if (state instanceof Error) throw state;
              return state;
            },
          },
        }),
  };
  return { ctx, asked };
}

async function hashOf(jobId: string): Promise<string> {
  const { ctx } = context(undefined);
  const result = await extractSenuri(ctx);
  assert.equal(result.kind, 'data');
  const pages =
    result.kind === 'data' ? result.exchanges.filter((x) => x.key.startsWith('page-')) : [];
  const items = pages.flatMap((x) => {
    const a = classifySenuri(x);
    return a.kind === 'data' ? a.items : [];
  });
  return listHash(items.find((i) => i.jobId === jobId)!);
}

test('fetch state: unchanged and loaded by another unit -> not asked; own unit, changed or unknown -> asked', async () => {
  const all = [
    'RECR_000000000031301',
    'RECR_000000000031300',
    'K172112611240071',
    'RECR_000000000031298',
  ];
  const none = context([]);
  await extractSenuri(none.ctx);
  assert.deepEqual([...none.asked].sort(), [...all].sort(), 'no state: every posting of the day');
  const h301 = await hashOf('RECR_000000000031301');
  const h300 = await hashOf('RECR_000000000031300');
  const day1 = '2026-11-23T00:00+09:00/P1D';
  const some = context([
    { job_id: 'RECR_000000000031301', list_hash: h301, _last_slot_id: day1 },
    { job_id: 'RECR_000000000031300', list_hash: 'changed', _last_slot_id: day1 },
    {
      job_id: 'K172112611240071',
      list_hash: await hashOf('K172112611240071'),
      _last_slot_id: '2026-11-24T00:00+09:00/P1D',
    },
  ]);
  const result = await extractSenuri(some.ctx);
  assert.deepEqual(
    [...some.asked].sort(),
    ['K172112611240071', 'RECR_000000000031298', 'RECR_000000000031300'],
    '31301 unchanged (skipped); 31300 changed; K…0071 written by this very unit (a re-run asks again); 31298 unknown',
  );
  assert.equal(result.kind === 'data' && result.apiTotal, 4, 'the unit still has every posting');
  assert.ok(h300);
  const broken = context(new Error('warehouse down'));
  await extractSenuri(broken.ctx);
  assert.equal(
    broken.asked.length,
    4,
    'an unreadable state asks for everything (slower, not wrong)',
  );
});

test('a keys retry asks for exactly those details; a page key is refused', async () => {
  const retry = context([], ['RECR_000000000031300', 'RECR_000000000031298']);
  const result = await extractSenuri(retry.ctx);
  assert.deepEqual(retry.asked, ['RECR_000000000031300', 'RECR_000000000031298']);
  assert.equal(result.kind === 'data' && result.exchanges.length, 2, 'no list page read again');
  assert.deepEqual(result.kind === 'data' && result.emptyKeys, ['RECR_000000000031298']);
  await assert.rejects(extractSenuri(context([], ['page-0001']).ctx), { code: 'SENURI.BAD_KEYS' });
});
