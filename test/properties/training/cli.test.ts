/**
 * `relucert train-optimal` and `relucert verify optimal`, run in-process through commander with
 * the CLI's exit-code conventions (0 ok/holds, 1 violated, 2 bad input, 3 limit reached).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { checkCertificate } from '../../../src/checker/index.js';
import { registerTrainOptimal } from '../../../src/cli/commands/trainOptimal.js';
import { registerVerifyOptimal } from '../../../src/cli/commands/verifyOptimal.js';
import { InputError, LimitReached } from '../../../src/errors.js';
import { networkFromJson } from '../../../src/network/json.js';
import { tempDir } from '../../e2e/helpers.js';

/** Runs the two training commands as the relucert program would (same exit-code mapping). */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  let code = 0;
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), errIsTty: false };
  const program = new Command().name('relucert').exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  registerTrainOptimal(program, io, (c) => (code = c));
  const verify = program.command('verify').description('verify a property');
  registerVerifyOptimal(verify, io, (c) => (code = c));
  for (const c of [...program.commands, ...verify.commands]) c.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? 0 : 2;
    else if (e instanceof InputError) {
      err += `relucert: ${e.message}\n`;
      code = 2;
    } else if (e instanceof LimitReached) code = 3;
    else throw e;
  }
  return { code, out, err };
}

const XOR_CSV = 'x1,x2,y\n0,0,0\n1,1,0\n1,0,1\n0,1,1\n';

function files(): { dir: string; data: string } {
  const dir = tempDir();
  const data = join(dir, 'xor.csv');
  writeFileSync(data, XOR_CSV);
  return { dir, data };
}

describe('train-optimal', () => {
  it('XOR w = 1: optimum 1, network and certificate written, certificate valid', async () => {
    const { dir, data } = files();
    const net = join(dir, 'net.json');
    const cert = join(dir, 'cert.json');
    const r = await run('train-optimal', data, '--width', '1', '--loss', 'l1', '-o', net, '--certificate', cert);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^optimal l1 loss: 1, width 1/);
    expect(r.out).toMatch(/14 dichotomies/);
    const doc = JSON.parse(readFileSync(cert, 'utf8'));
    expect(checkCertificate(doc)).toMatchObject({ valid: true, property: 'training-optimum' });
    const written = JSON.parse(readFileSync(net, 'utf8'));
    expect(written.metadata.trainOptimal.provenOptimal).toBe(true);
    expect(networkFromJson(written).layers[0].outputs).toBe(1);
  });

  it('--json prints the optimum as an exact rational', async () => {
    const { data } = files();
    const r = await run('train-optimal', data, '--width', '2', '--loss', 'l1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ status: 'optimal', optimum: '0', width: 2, outputBias: false });
  });

  it('--max-lps: exit 3, best network so far written and marked not proven optimal', async () => {
    const { dir, data } = files();
    const net = join(dir, 'partial.json');
    const r = await run('train-optimal', data, '--width', '2', '--loss', 'l1', '--max-lps', '20', '-o', net);
    expect(r.code).toBe(3);
    expect(r.out).toMatch(/NOT proven optimal/);
    expect(JSON.parse(readFileSync(net, 'utf8')).metadata.trainOptimal.provenOptimal).toBe(false);
  });

  it('bad input exits 2 with a located message', async () => {
    const { dir, data } = files();
    expect((await run('train-optimal', data, '--width', '0', '--loss', 'l1')).code).toBe(2);
    expect((await run('train-optimal', data, '--width', '1', '--loss', 'l2')).code).toBe(2);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'x,y\n1,2\n3,oops\n');
    const r = await run('train-optimal', bad, '--width', '1', '--loss', 'l1');
    expect(r.code).toBe(2);
    expect(r.err).toContain('bad.csv: line 3, column y: "oops" is not a rational');
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'x,y\n1,2\n3\n');
    expect((await run('train-optimal', ragged, '--width', '1', '--loss', 'l1')).err).toContain('ragged.csv: line 3: expected 2 cells');
    const empty = join(dir, 'empty.csv');
    writeFileSync(empty, '');
    expect((await run('train-optimal', empty, '--width', '1', '--loss', 'l1')).code).toBe(2);
    expect((await run('train-optimal', data, '--width', '1', '--loss', 'hinge')).err).toContain('line 2, column y: hinge loss needs labels -1 or 1');
  });
});

describe('verify optimal', () => {
  const net = (w1: string[][], b1: string[], w2: string[], c = '0') =>
    JSON.stringify({
      format: 'relucert.network/1',
      inputs: 2,
      layers: [
        { weights: w1, bias: b1, activation: 'relu' },
        { weights: [w2], bias: [c], activation: 'identity' },
      ],
    });

  it('holds for an optimal XOR network of width 2 (|x1 − x2| = relu(x1 − x2) + relu(x2 − x1))', async () => {
    const { dir, data } = files();
    const file = join(dir, 'opt.json');
    writeFileSync(file, net([['1', '-1'], ['-1', '1']], ['0', '0'], ['1', '1']));
    const r = await run('verify', 'optimal', file, data, '--loss', 'l1');
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`holds: ${file} attains the global optimum l1 loss 0`)).toBe(true);
  });

  it('violated for a poor network: prints both losses and writes a better one', async () => {
    const { dir, data } = files();
    const file = join(dir, 'poor.json');
    const better = join(dir, 'better.json');
    writeFileSync(file, net([['1', '0'], ['0', '1']], ['0', '0'], ['1', '1']));
    const r = await run('verify', 'optimal', file, data, '--loss', 'l1', '--better', better, '--json');
    expect(r.code).toBe(1);
    // relu(x1) + relu(x2) predicts 0, 2, 1, 1: errors 0 + 2 + 0 + 0.
    expect(JSON.parse(r.out)).toMatchObject({ status: 'violated', networkLoss: '2', optimum: '0', width: 2 });
    const b = JSON.parse(readFileSync(better, 'utf8'));
    expect(b.metadata.trainOptimal.provenOptimal).toBe(true);
    expect(networkFromJson(b).layers[0].outputs).toBe(2);
  });

  it('rejects a network that is not one hidden layer', async () => {
    const { dir, data } = files();
    const file = join(dir, 'deep.json');
    writeFileSync(file, JSON.stringify({ format: 'relucert.network/1', inputs: 2, layers: [{ weights: [['1', '1']], bias: ['0'], activation: 'identity' }] }));
    const r = await run('verify', 'optimal', file, data, '--loss', 'l1');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/expected one hidden ReLU layer/);
  });
});
