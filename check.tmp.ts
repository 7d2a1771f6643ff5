import { readFileSync, existsSync } from 'node:fs';
import { loadTree, allBlocks, type Json } from './test/infra/terraform-model.js';
const tree = await loadTree('terraform');
const META = new Set(['for_each','count','depends_on','lifecycle','provider','precondition','error_message','postcondition']);
const MAPS = new Set(['labels','attributes','environment_variables','label_extractors','default_labels','sensitive_labels_map']);
let problems = 0, checked = 0;
for (const b of allBlocks(tree)) {
  if ((b.kind !== 'resource' && b.kind !== 'data') || !b.type.startsWith('google_')) continue;
  const dir = (b.kind === 'data' ? 'data-google-' : '') + b.type.replace(/^google_/, '').replace(/_/g, '-');
  const f = `/tmp/cdktfg/package/lib/${dir}/index.js`;
  if (!existsSync(f)) { console.log('NO SCHEMA', b.type, dir); problems++; continue; }
  checked++;
  const src = readFileSync(f, 'utf8');
  const keys = new Set([...src.matchAll(/^\s+([a-z_0-9]+): \{/gm)].map((m) => m[1]));
  const walk = (v: Json, where: string) => {
    if (Array.isArray(v)) return v.forEach((x) => walk(x, where));
    if (!v || typeof v !== 'object') return;
    for (const [k, val] of Object.entries(v)) {
      if (k === 'dynamic') { for (const [dk, dv] of Object.entries(val as object)) { if (!keys.has(dk)) { console.log(`${b.module} ${b.type}.${b.name}: unknown block ${dk}`); problems++; } for (const d of dv as Json[]) walk((d as any).content, where + '.' + dk); } continue; }
      if (META.has(k)) continue;
      if (!keys.has(k)) { console.log(`${b.module} ${b.type}.${b.name}: unknown ${where}.${k}`); problems++; }
      if (val && typeof val === 'object' && !MAPS.has(k)) walk(val, where + '.' + k);
    }
  };
  walk(b.body, '');
}
console.log('checked', checked, 'problems', problems);
