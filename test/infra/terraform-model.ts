/**
 * A small, pure model of the Terraform code: every module folder under terraform/ parsed with
 * HashiCorp's HCL parser (@cdktf/hcl2json) and its files merged, plus helpers to find blocks and
 * the references inside expressions. No terraform binary, no provider, no network.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type Body = { [key: string]: Json };

export interface Block {
  /** Module folder relative to the terraform root, e.g. `modules/event_function`. */
  module: string;
  kind: 'resource' | 'data' | 'module' | 'variable' | 'output';
  /** Resource/data type; empty for module, variable and output blocks. */
  type: string;
  name: string;
  body: Body;
}

export interface TfModule {
  dir: string;
  files: string[];
  blocks: Block[];
  locals: Body;
}

export type TfTree = Map<string, TfModule>;

const first = (v: Json | undefined): Body =>
  Array.isArray(v) ? ((v[0] ?? {}) as Body) : ((v ?? {}) as Body);

/** Parses and merges the `*.tf` files of one folder (one Terraform module). */
export async function loadModule(dir: string, label = dir): Promise<TfModule> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort();
  const blocks: Block[] = [];
  const locals: Body = {};
  for (const file of files) {
    const full = path.join(dir, file);
    const json = (await parse(full, readFileSync(full, 'utf8'))) as Record<string, Json>;
    for (const kind of ['resource', 'data'] as const) {
      const byType = (json[kind] ?? {}) as Record<string, Record<string, Json>>;
      for (const [type, byName] of Object.entries(byType)) {
        for (const [name, body] of Object.entries(byName))
          blocks.push({ module: label, kind, type, name, body: first(body) });
      }
    }
    for (const kind of ['module', 'variable', 'output'] as const) {
      const byName = (json[kind] ?? {}) as Record<string, Json>;
      for (const [name, body] of Object.entries(byName))
        blocks.push({ module: label, kind, type: '', name, body: first(body) });
    }
    for (const l of (json.locals ?? []) as Body[]) Object.assign(locals, l);
  }
  return { dir, files, blocks, locals };
}

/** Every folder under `root` holding `.tf` files, keyed by its path relative to root. */
export async function loadTree(root: string): Promise<TfTree> {
  const tree: TfTree = new Map();
  const walk = async (dir: string): Promise<void> => {
    const entries = readdirSync(dir).filter((e) => !e.startsWith('.'));
    if (entries.some((e) => e.endsWith('.tf'))) {
      const rel = path.relative(root, dir).split(path.sep).join('/');
      tree.set(rel, await loadModule(dir, rel));
    }
    for (const e of entries)
      if (statSync(path.join(dir, e)).isDirectory()) await walk(path.join(dir, e));
  };
  await walk(root);
  return tree;
}

export function allBlocks(tree: TfTree): Block[] {
  return [...tree.values()].flatMap((m) => m.blocks);
}

export function resources(tree: TfTree, type?: string | RegExp, module?: string): Block[] {
  return allBlocks(tree).filter(
    (b) =>
      b.kind === 'resource' &&
      (type === undefined || (typeof type === 'string' ? b.type === type : type.test(b.type))) &&
      (module === undefined || b.module === module),
  );
}

export function blocksOf(tree: TfTree, kind: Block['kind'], module?: string): Block[] {
  return allBlocks(tree).filter(
    (b) => b.kind === kind && (module === undefined || b.module === module),
  );
}

/** Module calls, with the called module's folder resolved relative to the terraform root. */
export function moduleCalls(tree: TfTree, calledModule?: string): (Block & { target: string })[] {
  return blocksOf(tree, 'module')
    .map((b) => ({
      ...b,
      target: path.posix.normalize(path.posix.join(b.module, String(b.body.source))),
    }))
    .filter((b) => calledModule === undefined || b.target === calledModule);
}

/** The block at a path of nested block names: `nested(fn.body, 'event_trigger')`. */
export function nested(body: Body, ...names: string[]): Body {
  let cur: Body = body;
  for (const n of names) cur = first(cur[n]);
  return cur;
}

/** Every string in a value, recursively (expressions are strings such as `${var.x}`). */
export function strings(value: Json | undefined): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap((v) => strings(v));
  if (value && typeof value === 'object') return Object.values(value).flatMap((v) => strings(v));
  return [];
}

/** True when an expression mentions a Terraform address (`google_pubsub_topic.main`), as a whole word. */
export function refersTo(value: Json | undefined, address: string): boolean {
  const re = new RegExp(
    `(^|[^A-Za-z0-9_.])${address.replace(/[.[\]"]/g, (c) => `\\${c}`)}(?![A-Za-z0-9_])`,
  );
  return strings(value).some((s) => re.test(s));
}

/** A literal string value (no interpolation), else undefined. */
export function literal(value: Json | undefined): string | undefined {
  return typeof value === 'string' && !value.includes('${') ? value : undefined;
}

/** `${expr}` -> `expr` for a value that is one whole expression. */
export function expression(value: Json | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$\{([\s\S]*)\}$/.exec(value);
  return m ? (m[1] as string) : undefined;
}
