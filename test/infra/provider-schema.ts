/**
 * The Google provider's configuration schema, read offline from the generated JavaScript of
 * `@cdktf/provider-google` (16.12.1, generated from hashicorp/google 6.50.0), so Terraform can be
 * checked for unknown arguments without downloading the provider.
 *
 * Source of truth: for every resource and data source the package holds `lib/<dir>/index.js`
 * (very large types also `lib/<dir>/index-structs/*.js`) with
 *   - `<Class>.tfResourceType = "google_storage_bucket"` and `class … extends cdktf.TerraformResource`
 *     (or `cdktf.TerraformDataSource`): the type's exact name and kind;
 *   - `synthesizeAttributes() { return { name: …, lifecycle_rule: …ToTerraform(…) } }`: the
 *     type's configurable top-level arguments and blocks, keyed by their exact Terraform names;
 *   - `function <struct>ToTerraform(struct) { … return { key: … } }` for every nested block (and
 *     nested object attribute): its keys are, again, the exact Terraform names.
 * A key whose value calls another generated `…ToTerraform` function has a nested schema; every
 * other key is a plain attribute (scalar, list, set or map). Computed-only attributes are absent,
 * as they cannot be set in configuration. Nothing is executed and nothing is cached on disk; only
 * the files of the types asked for are read.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Block, Body, Json } from './terraform-model.js';

export interface SchemaBlock {
  /** Arguments without a nested schema (strings, numbers, lists, maps, …). */
  attributes: Set<string>;
  /** Nested blocks (and nested object attributes), by Terraform name. */
  blocks: Map<string, SchemaBlock>;
}

export interface TypeSchema extends SchemaBlock {
  kind: 'resource' | 'data';
  type: string;
  /** The package file the schema was read from. */
  file: string;
}

const PACKAGE = '@cdktf/provider-google';

/** Root folder of the installed package. */
export function providerPackageDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve(`${PACKAGE}/package.json`));
}

/** Version of the package and of the Terraform provider it was generated from. */
export function providerVersions(): { package: string; provider: string | undefined } {
  const pkg = JSON.parse(readFileSync(path.join(providerPackageDir(), 'package.json'), 'utf8')) as {
    version: string;
    cdktf?: { provider?: { version?: string } };
  };
  return { package: pkg.version, provider: pkg.cdktf?.provider?.version };
}

/**
 * The package folder of a type: `google_storage_bucket` -> `storage-bucket` for a resource,
 * `data-google-storage-bucket` for a data source (checked against `tfResourceType` on load).
 */
export function typeDir(kind: 'resource' | 'data', type: string): string {
  return kind === 'data'
    ? `data-${type.replace(/_/g, '-')}`
    : type.replace(/^google_/, '').replace(/_/g, '-');
}

/** Every generated `.js` file of one type (index.js plus any index-structs/*.js), as text. */
function sources(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d).sort()) {
      const full = path.join(d, e);
      if (statSync(full).isDirectory()) walk(full);
      else if (e.endsWith('.js')) {
        const text = readFileSync(full, 'utf8');
        const map = text.indexOf('\n//# sourceMappingURL=');
        out.push({ file: full, text: map < 0 ? text : text.slice(0, map) });
      }
    }
  };
  walk(dir);
  return out;
}

/** Keys of the object literal returned first after `start`, with the value expression of each. */
function returnedKeys(text: string, start: number, where: string): [string, string][] {
  const ret = /\n( *)return \{(\};)?\n/g;
  ret.lastIndex = start;
  const m = ret.exec(text);
  if (!m) throw new Error(`no returned object literal in ${where}`);
  if (m[2]) return []; // `return {};`: a block without arguments
  const from = m.index + m[0].length;
  const end = text.indexOf(`\n${m[1]}};`, from - 1);
  if (end < 0) throw new Error(`unterminated returned object literal in ${where}`);
  const entries: [string, string][] = [];
  for (const line of text.slice(from, end).split('\n')) {
    if (line.trim() === '') continue;
    const e = /^\s+([A-Za-z_][A-Za-z0-9_]*|"[^"]+"): (.+),$/.exec(line);
    if (!e) throw new Error(`unexpected line in ${where}: ${line.trim()}`);
    entries.push([(e[1] as string).replace(/^"|"$/g, ''), e[2] as string]);
  }
  return entries;
}

/**
 * Names of the generated `…ToTerraform` converters a value expression calls, directly or through
 * a module alias (`index_structs_1.fooToTerraform(…)` in split files); `cdktf.*` helpers excluded.
 */
function calledStructs(expr: string): string[] {
  return [...expr.matchAll(/(?<!cdktf\.)\b([A-Za-z0-9_]+ToTerraform)\b/g)].map(
    (m) => m[1] as string,
  );
}

/** Reads the schema of one type from the package, or undefined when the provider has no such type. */
export function loadTypeSchema(
  kind: 'resource' | 'data',
  type: string,
  root = providerPackageDir(),
): TypeSchema | undefined {
  const dir = path.join(root, 'lib', typeDir(kind, type));
  if (!/^google_[a-z0-9_]+$/.test(type) || !existsSync(path.join(dir, 'index.js')))
    return undefined;
  const files = sources(dir);
  const index = files.find((f) => f.file === path.join(dir, 'index.js'));
  if (!index) return undefined;
  const declared = /\.tfResourceType = "([^"]+)";/.exec(index.text)?.[1];
  const base = /class \w+ extends cdktf\.(TerraformResource|TerraformDataSource) \{/.exec(
    index.text,
  )?.[1];
  if (declared !== type) return undefined;
  if ((kind === 'data') !== (base === 'TerraformDataSource')) return undefined;

  // Every generated struct converter, by function name, with its returned keys.
  const structs = new Map<string, [string, string][]>();
  for (const { file, text } of files) {
    for (const m of text.matchAll(/^function (\w+ToTerraform)\(struct\) \{$/gm)) {
      const name = m[1] as string;
      structs.set(name, returnedKeys(text, m.index, `${path.basename(file)} ${name}`));
    }
  }

  const build = (entries: [string, string][], seen: string[], where: string): SchemaBlock => {
    const node: SchemaBlock = { attributes: new Set(), blocks: new Map() };
    for (const [key, expr] of entries) {
      const nestedFns = calledStructs(expr);
      const fn = nestedFns.find((f) => structs.has(f));
      if (nestedFns.length > 0 && !fn)
        throw new Error(`${where}.${key}: converter ${nestedFns.join(', ')} not found`);
      if (!fn) node.attributes.add(key);
      else if (seen.includes(fn))
        node.blocks.set(key, { attributes: new Set(), blocks: new Map() });
      else node.blocks.set(key, build(structs.get(fn) ?? [], [...seen, fn], `${where}.${key}`));
    }
    return node;
  };

  const synth = index.text.indexOf('    synthesizeAttributes() {');
  if (synth < 0) throw new Error(`${type}: no synthesizeAttributes() in ${index.file}`);
  const top = build(returnedKeys(index.text, synth, `${type} synthesizeAttributes`), [], type);
  return { kind, type, file: index.file, ...top };
}

/** Loads schemas on demand and keeps them in memory for the life of the process. */
export class ProviderSchema {
  private readonly cache = new Map<string, TypeSchema | undefined>();
  constructor(readonly root = providerPackageDir()) {}

  get(kind: 'resource' | 'data', type: string): TypeSchema | undefined {
    const key = `${kind} ${type}`;
    if (!this.cache.has(key)) this.cache.set(key, loadTypeSchema(kind, type, this.root));
    return this.cache.get(key);
  }
}

// ---------------------------------------------------------------------------------------------
// Checking parsed Terraform blocks (terraform-model.ts) against the schema
// ---------------------------------------------------------------------------------------------

/** Meta-arguments Terraform itself handles, allowed at the top of a resource or data block. */
const META: Record<'resource' | 'data', ReadonlySet<string>> = {
  resource: new Set([
    'count',
    'for_each',
    'depends_on',
    'provider',
    'lifecycle',
    'provisioner',
    'connection',
  ]),
  data: new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle']),
};
const LIFECYCLE = new Set([
  'create_before_destroy',
  'prevent_destroy',
  'ignore_changes',
  'replace_triggered_by',
  'precondition',
  'postcondition',
]);
/** Arguments of a `dynamic "x" { … }` block itself (its `content` is checked as an `x` block). */
const DYNAMIC = new Set(['for_each', 'iterator', 'labels', 'content']);

export interface Finding {
  /** Module folder, e.g. `modules/storage`. */
  module: string;
  /** `google_storage_bucket.main` or `data.google_project.this`. */
  address: string;
  /** Dotted path of the offending name, e.g. `build_config.source.storage_source.bukcet`. */
  path: string;
  problem:
    'unknown type' | 'unknown name' | 'unknown lifecycle argument' | 'unknown dynamic argument';
  /** The closest allowed name at that level, when one is close. */
  suggestion?: string;
}

/** `modules/x: google_type.name: path.to.arg` (plus the problem and a suggestion). */
export function formatFinding(f: Finding): string {
  const hint = f.suggestion ? `, did you mean "${f.suggestion}"?` : '';
  return `${f.module}: ${f.address}: ${f.path} (${f.problem}${hint})`;
}

export function blockAddress(block: Pick<Block, 'kind' | 'type' | 'name'>): string {
  return `${block.kind === 'data' ? 'data.' : ''}${block.type}.${block.name}`;
}

/** Why a block is not checked against the Google provider schema, or undefined when it is. */
export function skipReason(block: Block): string | undefined {
  if (block.kind !== 'resource' && block.kind !== 'data') return `${block.kind} block`;
  if (!block.type.startsWith('google_')) return `not a google provider type`;
  const provider = typeof block.body.provider === 'string' ? block.body.provider : '';
  if (/^(\$\{)?google-beta\b/.test(provider)) return 'uses google-beta (schema is google GA)';
  return undefined;
}

const isBody = (v: Json | undefined): v is Body =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The bodies of a nested block value: `[{…}, {…}]` from blocks, `{…}` from an object literal. */
const bodies = (v: Json | undefined): Body[] =>
  Array.isArray(v) ? v.filter(isBody) : isBody(v) ? [v] : [];

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] as number;
      row[j] = Math.min(up + 1, (row[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length] as number;
}

function closest(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(name.length / 4)) + 1;
  for (const c of candidates) {
    const d = distance(name, c);
    if (d < bestD) [best, bestD] = [c, d];
  }
  return best;
}

/**
 * Every name in one resource/data block that the provider schema does not know, recursively
 * into nested blocks and `dynamic` blocks' `content`. Blocks that `skipReason` excludes yield
 * nothing.
 */
export function checkBlock(block: Block, schema: ProviderSchema): Finding[] {
  if (skipReason(block) !== undefined) return [];
  const kind = block.kind as 'resource' | 'data';
  const address = blockAddress(block);
  const findings: Finding[] = [];
  const report = (
    p: string,
    problem: Finding['problem'],
    candidates: Iterable<string> = [],
  ): void => {
    const suggestion = closest(p.slice(p.lastIndexOf('.') + 1), candidates);
    findings.push({
      module: block.module,
      address,
      path: p,
      problem,
      ...(suggestion ? { suggestion } : {}),
    });
  };

  const typeSchema = schema.get(kind, block.type);
  if (!typeSchema) {
    report(`(${kind} type ${block.type})`, 'unknown type');
    return findings;
  }

  const names = (node: SchemaBlock): string[] => [...node.attributes, ...node.blocks.keys()];
  const walk = (body: Body, node: SchemaBlock, prefix: string, top: boolean): void => {
    for (const [key, value] of Object.entries(body)) {
      const at = `${prefix}${key}`;
      if (top && META[kind].has(key)) {
        if (key === 'lifecycle')
          for (const b of bodies(value))
            for (const k of Object.keys(b))
              if (!LIFECYCLE.has(k))
                report(`lifecycle.${k}`, 'unknown lifecycle argument', LIFECYCLE);
        continue;
      }
      if (node.attributes.has(key)) continue;
      const nestedSchema = node.blocks.get(key);
      if (nestedSchema) {
        for (const b of bodies(value)) walk(b, nestedSchema, `${at}.`, false);
        continue;
      }
      if (key === 'dynamic' && isBody(value)) {
        for (const [name, dyns] of Object.entries(value)) {
          const target = node.blocks.get(name);
          if (!target) report(`${prefix}${name}`, 'unknown name', names(node));
          for (const dyn of bodies(dyns)) {
            for (const k of Object.keys(dyn))
              if (!DYNAMIC.has(k))
                report(`${prefix}${name}.${k}`, 'unknown dynamic argument', DYNAMIC);
            if (target)
              for (const content of bodies(dyn.content))
                walk(content, target, `${prefix}${name}.`, false);
          }
        }
        continue;
      }
      report(at, 'unknown name', names(node));
    }
  };
  walk(block.body, typeSchema, '', true);
  return findings;
}
