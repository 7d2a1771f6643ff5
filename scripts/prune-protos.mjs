// Trims the protobuf descriptors a generated Google client loads to the services that client serves
// (scripts/bundle.mjs, issue 16).
//
// Every client of @google-cloud/dataproc requires the package's one protos.json, which describes
// all eight Dataproc services, and at construction turns all of it into gRPC descriptors: about a
// third of the sweep's first event. In the bundle, each client instead gets the descriptors of its
// own service(s) (read from its `<client>_config.json`) and of every type they reach: request and
// response messages, their fields and nested types, and the response and metadata types named by
// `google.longrunning.operation_info` (the client looks those up when it is built).
//
// Fails the build, never the function: a service that is not there, or a trimmed set that does not
// resolve, throws here.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import protobuf from 'protobufjs';

const OPERATION_INFO = '(google.longrunning.operation_info)';

/** protos.json (protobufjs JSON) kept to `services` (full names) and the types they reach. */
export function pruneProtos(json, services) {
  const root = protobuf.Root.fromJSON(json).resolveAll();
  const keep = new Set();
  const reach = (type) => {
    if (!type || keep.has(type.fullName)) return;
    keep.add(type.fullName);
    if (!(type instanceof protobuf.Type)) return; // an enum
    for (const field of type.fieldsArray) reach(field.resolvedType);
    for (const nested of type.nestedArray) reach(nested);
  };
  for (const name of services) {
    const service = root.lookup(name);
    if (!(service instanceof protobuf.Service)) throw new Error(`prune-protos: no service ${name}`);
    keep.add(service.fullName);
    for (const method of service.methodsArray) {
      reach(method.resolvedRequestType);
      reach(method.resolvedResponseType);
      const info = method.parsedOptions?.find((o) => o[OPERATION_INFO])?.[OPERATION_INFO];
      for (const typeName of [info?.response_type, info?.metadata_type].filter(Boolean)) {
        const type = service.lookupTypeOrEnum(typeName);
        reach(type);
      }
    }
  }
  // Namespaces stay as far as they hold something kept; a kept type or service stays whole.
  const filter = (node, prefix) => {
    const nested = {};
    for (const [name, child] of Object.entries(node.nested ?? {})) {
      const fullName = `${prefix}.${name}`;
      if (keep.has(fullName)) nested[name] = child;
      else if (!child.fields && !child.values && !child.methods && child.nested) {
        const kept = filter(child, fullName);
        if (Object.keys(kept.nested).length > 0) nested[name] = kept;
      }
    }
    return { ...node, nested };
  };
  const pruned = filter(json, '');
  protobuf.Root.fromJSON(pruned).resolveAll(); // throws if a kept type names one left out
  return pruned;
}

/**
 * esbuild plugin: when a generated client of one of `packages` requires `../../protos/protos.json`,
 * it gets that file pruned to the services of its `<client>_config.json`.
 */
export function prunedProtosPlugin(packages) {
  const client = new RegExp(
    `node_modules/(?:${packages.map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})/build/src/v\\w+/\\w+_client\\.js$`,
  );
  return {
    name: 'pruned-protos',
    setup(build) {
      build.onResolve({ filter: /\/protos\/protos\.json$/ }, (args) =>
        client.test(args.importer.replaceAll('\\', '/'))
          ? { path: args.importer, namespace: 'pruned-protos' }
          : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: 'pruned-protos' }, (args) => {
        const config = JSON.parse(readFileSync(args.path.replace(/\.js$/, '_config.json'), 'utf8'));
        const services = Object.keys(config.interfaces ?? {});
        if (services.length === 0) throw new Error(`prune-protos: no interfaces for ${args.path}`);
        const protosFile = join(dirname(args.path), '..', '..', 'protos', 'protos.json');
        const json = JSON.parse(readFileSync(protosFile, 'utf8'));
        return {
          contents: JSON.stringify(pruneProtos(json, services)),
          loader: 'json',
          watchFiles: [protosFile],
        };
      });
    },
  };
}
