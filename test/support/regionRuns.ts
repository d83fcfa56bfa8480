/**
 * A region enumeration for tests that compare engine options: the run with `options` (on the LP
 * path: no vertex representation), its certificate re-checked by the independent checker, and the
 * region patterns as sorted keys (`+-|+`) with the statistics.
 */
import { expect } from 'vitest';
import { checkCertificate } from '../../src/checker/index.js';
import type { Network } from '../../src/network/model.js';
import { regionsCertificate } from '../../src/regions/certificate.js';
import type { Domain } from '../../src/regions/domain.js';
import { type EnumerateOptions, enumerateRegions } from '../../src/regions/enumerate.js';

export function checkedRegionRun(net: Network, domain: Domain, options: EnumerateOptions) {
  const r = enumerateRegions(net, domain, { ...options, vertexRepresentation: false });
  const cert = JSON.parse(JSON.stringify(regionsCertificate(net, domain, r)));
  expect(checkCertificate(cert)).toMatchObject({ valid: true });
  return { keys: r.regions.map((g) => g.pattern.map((l) => l.map((b) => (b ? '+' : '-')).join('')).join('|')).sort(), stats: r.stats };
}
