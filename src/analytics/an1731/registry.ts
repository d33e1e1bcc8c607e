// The facets of AN1731, in the order alerts list them and scores sum them. The window dispatches
// each record kind to the facets that take it; the evaluation reads their strengths and flags;
// alerts are written from the figures they keep. Facets never import one another: they meet here.
import type { FacetName } from '../../model/index.js';
import type { Facet } from './facet.js';
import { cryptoFacet } from './facets/crypto.js';
import { keyReuseFacet } from './facets/key-reuse.js';
import { stagingFacet } from './facets/staging.js';
import { backgroundFacet } from './facets/background.js';
import { networkFacet } from './facets/network.js';
import { inconsistencyFacet } from './facets/inconsistency.js';

// (each facet's state type is its own: the registry holds them as unknown)
type AnyFacet = Facet<unknown, object>;

export const FACETS: readonly AnyFacet[] = [cryptoFacet, keyReuseFacet, stagingFacet, backgroundFacet, networkFacet, inconsistencyFacet] as unknown as AnyFacet[];

export const FACET_INDEX: Readonly<Record<FacetName, number>> = Object.fromEntries(FACETS.map((f, i) => [f.name, i])) as Record<FacetName, number>;

type Hook = 'op' | 'read' | 'file' | 'send' | 'counted' | 'recalled' | 'key';
const taking = (hook: Hook): [number, AnyFacet][] => FACETS.flatMap((f, i) => (f[hook] ? [[i, f] as [number, AnyFacet]] : []));

export const ON_OP = taking('op'), ON_READ = taking('read'), ON_FILE = taking('file'), ON_SEND = taking('send'),
  ON_COUNTED = taking('counted'), ON_RECALLED = taking('recalled'), ON_KEY = taking('key');
