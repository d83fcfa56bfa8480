/**
 * Seeded pseudo-randomness for everything that must be reproducible from a seed: falsifier
 * samples, experiments, benchmarks. Never used to decide a verdict — only to choose what to try.
 */

/** mulberry32 (Tommy Ettinger): a small PRNG with 32-bit state; returns uniform integers in [0, 2^32). */
export function mulberry32Uint32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

/** mulberry32 scaled to uniform numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  const next = mulberry32Uint32(seed);
  return () => next() / 4294967296;
}

/** A uniform integer in [lo, hi] from a [0, 1) generator. */
export function randomInteger(random: () => number, lo: number, hi: number): number {
  return lo + Math.floor(random() * (hi - lo + 1));
}
