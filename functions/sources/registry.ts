/**
 * The source registry: the generic stages look sources up here. Adding a source = one folder under
 * sources/ exporting a SourceDefinition + one line below + its SQL, fixtures and a Terraform map entry.
 */
import { PermanentError } from '../core/errors.js';
import { certs } from './certs/index.js';
import { saramin } from './saramin/index.js';
import { seniorProjects } from './senior_projects/index.js';
import { senuri } from './senuri/index.js';
import { seoulPopulationSource } from './seoul_population/index.js';
import { stock } from './stock/index.js';
import { trends } from './trends/index.js';
import type { SourceDefinition } from './types.js';

export const SOURCES: readonly SourceDefinition[] = [
  saramin,
  stock,
  seoulPopulationSource,
  certs,
  senuri,
  seniorProjects,
  trends,
];

export function getSource(name: string): SourceDefinition {
  const found = SOURCES.find((s) => s.source === name);
  if (!found)
    throw new PermanentError(
      'SOURCE.UNKNOWN',
      `unknown source ${JSON.stringify(name).slice(0, 60)}; known: ${SOURCES.map((s) => s.source).join(', ')}`,
    );
  return found;
}

/** Object names: `<source>/<dataset>/<unit path>...`; finds the source from a name. */
export function sourceOfObject(name: string): SourceDefinition {
  const [source, dataset] = name.split('/');
  const found = SOURCES.find((s) => s.source === source && s.dataset === dataset);
  if (!found)
    throw new PermanentError(
      'OBJECT.UNKNOWN_SOURCE',
      `object ${name.slice(0, 200)} belongs to no registered source`,
    );
  return found;
}
