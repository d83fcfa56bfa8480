/**
 * The checker on adversarial certificates of growing size: how many seconds per megabyte
 * `checkCertificate` takes (JSON parse included) when the numbers are as large, as many or as
 * badly matched as the format allows. The point is that the time stays roughly linear in the size
 * for every case (see docs/certificates.md, "Limits"); a case that is refused is refused quickly.
 *
 * Cases (each at the sizes of RELUCERT_BENCH_MB, default 0.25,1,4 megabytes):
 * - `unreduced`: the reproduction of issue 11 — x ≤ 0, −x ≤ −1 refuted by multipliers written
 *   unreduced as R1/R1, R2/R2 with R1, R2 half the size each (refused: too many digits);
 * - `at-limit`: pairs of rows (A_i/D)·x ≤ A_i·i/D, −(A_i/D)·x ≤ −A_i·(i+1)/D refuted by the
 *   multipliers 1/F on every row, A_i of 1990 digits, D and F of 1000: a valid certificate whose
 *   numbers are all close to the limit;
 * - `lcm-row`: one row whose coefficients are 1/P_j for distinct random 1999-digit P_j, the case
 *   where a common denominator of n × 2000 digits would make every entry that long (refused);
 * - `small-primes`: one row with coefficients 1/p for the first primes (the lcm grows slowly, by a
 *   few digits per entry; refused once it passes the limit);
 * - `derived-growth`: as `at-limit` but every row's multiplier 1/F_i has its own 1000-digit F_i, so
 *   the combination's denominator grows by 1000 digits per row (refused past 20 000 digits);
 * - `dense-point`: a feasible system of 2000 variables whose rows are all 1 except one coefficient
 *   1/D_r (1000 digits), with the point (1/E, 1, …, 1): every entry of the scaled row and point is
 *   a 1000-digit integer; valid;
 * - `leaf-point-distinct` / `leaf-point-shared`: a `regions` claim on the identity network of up to
 *   2000 inputs whose one leaf point is (1/P_0, …, 1/P_{n−1}) with distinct 1999-digit P_j (refused:
 *   its common denominator) or one P (valid);
 * - `embedded-weights`: an activation-region claim embedding a network whose weights have 10 000
 *   digits (refused before the network is parsed).
 *
 * Prints one JSON line per case and size: bytes, seconds, seconds per MB, the verdict and, for a
 * refusal, its reason.
 */
import { claimSha256 } from '../src/checker/schema/index.js';
import { checkCertificate } from '../src/checker/index.js';
import { networkSha256 } from '../src/network/hash.js';
import { networkFromJson } from '../src/network/json.js';
import { mulberry32Uint32 } from '../src/random/prng.js';

const SIZES_MB = (process.env.RELUCERT_BENCH_MB ?? '0.25,1,4').split(',').map(Number);

/** A uniform random integer with exactly `digits` decimal digits (seeded). */
function randomDigits(next: () => number, digits: number): bigint {
  let text = String(1 + (next() % 9));
  while (text.length < digits) text += String(next() % 1_000_000_000).padStart(9, '0');
  return BigInt(text.slice(0, digits));
}

/** The certificate text for a claim and evidence (the digest computed here). */
function certificateText(claim: Record<string, unknown>, verdict: 'holds' | 'violated', evidence: Record<string, unknown>): string {
  return JSON.stringify({
    format: 'relucert.certificate/1',
    claim,
    verdict,
    evidence: { ...evidence, claimSha256: claimSha256(claim) },
    engine: { version: 'adversarial', stats: {} },
  });
}

function linearSystemClaim(variables: number, constraints: { coefficients: string[]; relation: string; rhs: string }[], question = 'feasible'): Record<string, unknown> {
  return { property: 'linear-system', system: { variables, constraints }, question };
}

function unreduced(bytes: number): string {
  const next = mulberry32Uint32(1);
  const r1 = randomDigits(next, Math.floor(bytes / 4));
  const r2 = randomDigits(next, Math.floor(bytes / 4));
  const claim = linearSystemClaim(1, [
    { coefficients: ['1'], relation: '<=', rhs: '0' },
    { coefficients: ['-1'], relation: '<=', rhs: '-1' },
  ]);
  return certificateText(claim, 'violated', { kind: 'motzkin', multipliers: [`${r1}/${r1}`, `${r2}/${r2}`], rhsSum: '-1', strictSum: '0' });
}

function pairs(bytes: number, distinctMultipliers: boolean): string {
  const next = mulberry32Uint32(2);
  const d = randomDigits(next, 1000);
  const f = randomDigits(next, 1000);
  const k = Math.max(1, Math.floor(bytes / 8200));
  const constraints: { coefficients: string[]; relation: string; rhs: string }[] = [];
  const multipliers: string[] = [];
  let sum = 0n;
  for (let i = 0; i < k; i++) {
    const a = randomDigits(next, 1990);
    sum += a;
    constraints.push({ coefficients: [`${a}/${d}`], relation: '<=', rhs: `${a * BigInt(i)}/${d}` });
    constraints.push({ coefficients: [`${-a}/${d}`], relation: '<=', rhs: `${-a * BigInt(i + 1)}/${d}` });
    const fi = distinctMultipliers ? randomDigits(next, 1000) : f;
    multipliers.push(`1/${fi}`, `1/${fi}`);
  }
  // Σ yᵢ bᵢ = Σ (A_i·i − A_i·(i+1)) / (D·F) = −Σ A_i / (D·F) (only meaningful when all yᵢ = 1/F).
  return certificateText(linearSystemClaim(1, constraints), 'violated', { kind: 'motzkin', multipliers, rhsSum: `${-sum}/${d * f}`, strictSum: '0' });
}

function lcmRow(bytes: number): string {
  const next = mulberry32Uint32(3);
  const n = Math.max(2, Math.floor(bytes / 2010));
  const coefficients = Array.from({ length: n }, () => `1/${randomDigits(next, 1999)}`);
  const claim = linearSystemClaim(n, [{ coefficients, relation: '<=', rhs: '0' }]);
  return certificateText(claim, 'holds', { kind: 'point', point: new Array<string>(n).fill('0'), slacks: ['0'] });
}

function smallPrimes(bytes: number): string {
  const primes: number[] = [];
  const n = Math.max(2, Math.floor(bytes / 9));
  for (let c = 2; primes.length < n; c++) if (primes.every((p) => p * p > c || c % p !== 0)) primes.push(c);
  const claim = linearSystemClaim(n, [{ coefficients: primes.map((p) => `1/${p}`), relation: '<=', rhs: '0' }]);
  return certificateText(claim, 'holds', { kind: 'point', point: new Array<string>(n).fill('0'), slacks: ['0'] });
}

function densePoint(bytes: number): string {
  const next = mulberry32Uint32(4);
  const variables = 2000;
  const e = randomDigits(next, 1000);
  const rows = Math.max(1, Math.floor(bytes / (4 * variables + 3100)));
  const constraints: { coefficients: string[]; relation: string; rhs: string }[] = [];
  const slacks: string[] = [];
  for (let r = 0; r < rows; r++) {
    const dr = randomDigits(next, 1000);
    constraints.push({ coefficients: [`1/${dr}`, ...new Array<string>(variables - 1).fill('1')], relation: '<=', rhs: String(variables) });
    // slack = V − (1/(D_r·E) + V − 1) = (D_r·E − 1)/(D_r·E) > 0
    slacks.push(`${dr * e - 1n}/${dr * e}`);
  }
  const point = [`1/${e}`, ...new Array<string>(variables - 1).fill('1')];
  return certificateText(linearSystemClaim(variables, constraints), 'holds', { kind: 'point', point, slacks });
}

/**
 * A `regions` claim on the identity network of n inputs (no layers: one region, R^n) with the leaf
 * point (1/P_0, …, 1/P_{n−1}): distinct 1999-digit P_j (refused: the point's common denominator),
 * or one P for all (valid).
 */
function leafPoint(bytes: number, distinct: boolean): string {
  const next = mulberry32Uint32(6);
  const n = Math.min(2000, Math.max(1, Math.floor(bytes / 2003)));
  const network = { format: 'relucert.network/1', inputs: n, layers: [] };
  const shared = randomDigits(next, 1999);
  const point = Array.from({ length: n }, () => `1/${distinct ? randomDigits(next, 1999) : shared}`);
  const claim = { property: 'regions', network: { sha256: networkSha256(networkFromJson(network)), embedded: network }, domain: { kind: 'all' }, regions: 1 };
  return certificateText(claim, 'holds', { kind: 'region-tree', nodes: [{ point }] });
}

function embeddedWeights(bytes: number): string {
  const next = mulberry32Uint32(5);
  const n = Math.max(1, Math.floor(bytes / 10_010));
  const weights = [Array.from({ length: n }, () => String(randomDigits(next, 10_000)))];
  const network = { format: 'relucert.network/1', inputs: n, layers: [{ weights, bias: ['0'], activation: 'relu' }] };
  const claim = { property: 'activation-region', network: { sha256: '0'.repeat(64), embedded: network }, pattern: ['+'] };
  return certificateText(claim, 'holds', { kind: 'point', point: new Array<string>(n).fill('0'), slacks: [] });
}

const CASES: Readonly<Record<string, (bytes: number) => string>> = {
  unreduced,
  'at-limit': (bytes) => pairs(bytes, false),
  'lcm-row': lcmRow,
  'small-primes': smallPrimes,
  'derived-growth': (bytes) => pairs(bytes, true),
  'dense-point': densePoint,
  'leaf-point-distinct': (bytes) => leafPoint(bytes, true),
  'leaf-point-shared': (bytes) => leafPoint(bytes, false),
  'embedded-weights': embeddedWeights,
};

/** Runs every case at every size; one JSON line each. */
export async function main(): Promise<void> {
  for (const [name, build] of Object.entries(CASES)) {
    for (const mb of SIZES_MB) {
      const text = build(Math.round(mb * 1_000_000));
      const start = performance.now();
      const result = checkCertificate(JSON.parse(text));
      const seconds = (performance.now() - start) / 1000;
      const megabytes = text.length / 1_000_000;
      console.log(
        JSON.stringify({
          bench: 'checker-adversarial',
          case: name,
          bytes: text.length,
          seconds: Number(seconds.toFixed(3)),
          secondsPerMB: Number((seconds / megabytes).toFixed(3)),
          valid: result.valid,
          ...(result.valid ? {} : { reason: result.reason.slice(0, 160), path: result.path }),
        }),
      );
    }
  }
}
