/**
 * The engine-side property registry (src/properties/registry.ts): one entry per claim property
 * of the certificate format, each under its own name, and the lists derived from it (the proof
 * suite's generators, the `verify` subcommands) are the registry's.
 */
import { describe, expect, it } from 'vitest';
import { GENERATORS } from '../../proofs/generators.js';
import { ClaimJson } from '../../src/checker/schema/index.js';
import { PROPERTIES, PROPERTY_ENTRIES, verifyCommands } from '../../src/properties/registry.js';
import { runCli } from '../../src/cli/program.js';

/** The property names the format's claim union admits (read from the zod schema, not the registry). */
function claimProperties(): string[] {
  return ClaimJson.options.map((option) => option.shape.property.value);
}

describe('property registry', () => {
  it('has exactly one entry per claim property, under its own name', () => {
    expect(new Set(Object.keys(PROPERTIES))).toEqual(new Set(claimProperties()));
    for (const [name, entry] of Object.entries(PROPERTIES)) expect(entry.property).toBe(name);
  });

  it('names at least one certificate encoder per property, each a function', () => {
    for (const entry of PROPERTY_ENTRIES) {
      expect(Object.keys(entry.encoders).length).toBeGreaterThan(0);
      for (const encoder of Object.values(entry.encoders)) expect(typeof encoder).toBe('function');
    }
  });

  it('is where the proof suite takes its generators from', () => {
    expect(Object.keys(GENERATORS)).toEqual(PROPERTY_ENTRIES.map((e) => e.property));
    for (const entry of PROPERTY_ENTRIES) expect(GENERATORS[entry.property]).toBe(entry.proofGenerator);
  });

  it('gives the verify subcommands, in the order `relucert verify --help` lists them', async () => {
    expect(verifyCommands().length).toBeGreaterThanOrEqual(4);
    let help = '';
    const code = await runCli(['verify', '--help'], { out: (t) => (help += t), err: (t) => (help += t), errIsTty: false });
    expect(code).toBe(0);
    const listed = [...help.matchAll(/^ {2}(\w+) /gm)].map((m) => m[1]);
    const known = listed.filter((c) => c === 'sort' || c === 'equiv' || c === 'injective' || c === 'optimal');
    expect(known).toEqual(['sort', 'equiv', 'injective', 'optimal']);
  });
});
