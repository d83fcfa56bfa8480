/**
 * Output paths that are not plain files: a symbolic link is followed (the link stays, its target
 * gets the content), a FIFO or character device is written in place, `-` is stdout, and a
 * directory, socket or link loop is refused with exit 2 before any work. /dev/full shows that a
 * failed write is an error, never "wrote". (As root the device tests use private nodes of the
 * same devices, so a regression cannot destroy the real /dev/null.)
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.js';

const root = resolve(import.meta.dirname, '../..');
const demoNet = join(root, 'examples/demo.json');
const absNet = join(root, 'examples/abs.json');

/**
 * The memory device /dev/<name> (major 1) to write to. As root a regression of the code under
 * test would replace the real one by a regular file (rename works in /dev for root), so root
 * gets a private node of the same device in a temporary folder; anyone else gets the real one,
 * which they cannot replace. Undefined (with the reason printed) when neither is possible.
 */
function device(name: string, minor: number): string | undefined {
  if (process.getuid?.() !== 0) {
    if (existsSync(`/dev/${name}`)) return `/dev/${name}`;
    console.log(`skipping the /dev/${name} test: this system has no /dev/${name}`);
    return undefined;
  }
  const node = join(tempDir(), name);
  try {
    execFileSync('mknod', [node, 'c', '1', String(minor)], { stdio: 'ignore' });
    closeSync(openSync(node, 'r'));
    return node;
  } catch {
    console.log(`skipping the /dev/${name} test: running as root, and a private device node cannot be made or opened here (mknod, nodev)`);
    return undefined;
  }
}

/** A certificate written by `regions` on the demo network, checked by the independent checker. */
async function expectValidCertificate(file: string): Promise<void> {
  const c = await cli('check', file);
  expect(c.code, c.out + c.err).toBe(0);
}

describe('symbolic links', () => {
  it('a link to a regular file: the target is replaced atomically, the link stays, the permissions stay', async () => {
    const dir = tempDir();
    const target = join(dir, 'real.json');
    writeFileSync(target, 'old');
    chmodSync(target, 0o600);
    symlinkSync('real.json', join(dir, 'link.json'));
    const r = await cli('regions', demoNet, '--certificate', join(dir, 'link.json'));
    expect(r.code, r.err).toBe(0);
    expect(lstatSync(join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, 'link.json'))).toBe('real.json');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    await expectValidCertificate(target);
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real.json']);
  });

  it('a chain of links into another folder, ending nowhere yet: the file is created where the last link points', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'elsewhere'));
    symlinkSync(join(dir, 'elsewhere', 'final.json'), join(dir, 'second.json'));
    symlinkSync('second.json', join(dir, 'first.json'));
    const r = await cli('regions', demoNet, '--certificate', join(dir, 'first.json'));
    expect(r.code, r.err).toBe(0);
    await expectValidCertificate(join(dir, 'elsewhere', 'final.json'));
    expect(lstatSync(join(dir, 'first.json')).isSymbolicLink()).toBe(true);
    expect(lstatSync(join(dir, 'second.json')).isSymbolicLink()).toBe(true);
    // The temporary file was beside the final target and is gone.
    expect(readdirSync(join(dir, 'elsewhere'))).toEqual(['final.json']);
  });

  it('a link loop and a link into a missing folder: exit 2 before the run, one line', async () => {
    const dir = tempDir();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    symlinkSync('missing/x.json', join(dir, 'dangling'));
    for (const [name, says] of [
      ['a', 'too many symbolic links'],
      ['dangling', `the folder ${join(dir, 'missing')} does not exist`],
    ] as const) {
      const r = await cli('regions', demoNet, '--certificate', join(dir, name));
      expect(r.code, name).toBe(2);
      expect(r.err, name).toContain(says);
      expect(r.err, name).toContain('--certificate');
      expect(r.err.trim().split('\n'), name).toHaveLength(1);
      expect(r.out, name).toBe('');
    }
  });
});

describe('FIFOs and devices are written in place', () => {
  it('a FIFO with a reader gets the whole certificate and stays a FIFO', async () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.on('data', (d: Buffer) => (received += d.toString()));
    const closed = new Promise((done) => reader.on('close', done));
    const r = await cli('regions', demoNet, '--certificate', fifo);
    await closed;
    expect(r.code, r.err).toBe(0);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    writeFileSync(join(dir, 'copy.json'), received);
    await expectValidCertificate(join(dir, 'copy.json'));
    expect(readdirSync(dir).sort()).toEqual(['copy.json', 'pipe']);
  });

  it('/dev/null (the same device) stays a character device', async () => {
    const devNull = device('null', 3);
    if (devNull === undefined) return;
    const r = await cli('convert', absNet, devNull, '--to', 'json');
    expect(r.code, r.err).toBe(0);
    expect(statSync(devNull).isCharacterDevice()).toBe(true);
  });

  it('/dev/full (the same device): exit 2 with ENOSPC named, never "wrote", and it stays a device', async () => {
    const devFull = device('full', 7);
    if (devFull === undefined) return;
    for (const argv of [
      ['convert', absNet, devFull, '--to', 'json'],
      ['regions', demoNet, '--certificate', devFull],
    ]) {
      const r = await cli(...argv);
      expect(r.code, argv[0]).toBe(2);
      expect(r.err).toContain(`relucert: ${devFull}: cannot write: no space left on the device (ENOSPC)`);
      expect(r.out).not.toContain('wrote');
      expect(r.out).not.toContain(`certificate ${devFull}`);
      expect(statSync(devFull).isCharacterDevice()).toBe(true);
    }
  });
});

describe('other kinds of file are refused before the run', () => {
  it('a directory and a socket: exit 2 naming the option and the kind', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'folder'));
    const socket = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((done) => server.listen(socket, done));
    try {
      for (const [path, kind] of [
        [join(dir, 'folder'), 'a directory'],
        [socket, 'a socket'],
      ] as const) {
        const r = await cli('regions', demoNet, '--certificate', path);
        expect(r.code, kind).toBe(2);
        expect(r.err, kind).toContain(`--certificate: cannot write: it is ${kind}, not a regular file`);
        expect(r.out, kind).toBe('');
        const c = await cli('convert', absNet, path, '--to', 'json');
        expect(c.code, kind).toBe(2);
        expect(c.out, kind).toBe('');
      }
      expect(lstatSync(socket).isSocket()).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('- is standard output', () => {
  it('a certificate on stdout (checkable), the report on stderr', async () => {
    const dir = tempDir();
    const r = await cli('regions', demoNet, '--certificate', '-');
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).format).toBe('relucert.certificate/1');
    expect(r.err).toContain('regions   2');
    expect(r.err).toContain('certificate written to standard output');
    writeFileSync(join(dir, 'c.json'), r.out);
    await expectValidCertificate(join(dir, 'c.json'));
  });

  it('a network as JSON by default, or .nnet text with --to; the same network as the file', async () => {
    const dir = tempDir();
    const json = await cli('convert', absNet, '-');
    expect(json.code).toBe(0);
    expect(json.err).toBe('wrote standard output\n');
    writeFileSync(join(dir, 'a.json'), json.out);
    const hash = async (file: string): Promise<string> => JSON.parse((await cli('info', file, '--json')).out).sha256;
    expect(await hash(join(dir, 'a.json'))).toBe(await hash(absNet));
    const nnet = await cli('convert', absNet, '-', '--to', 'nnet');
    expect(nnet.code).toBe(0);
    writeFileSync(join(dir, 'a.nnet'), nnet.out);
    expect(await hash(join(dir, 'a.nnet'))).toBe(await hash(absNet));
  });

  it('--json reports go to stderr when stdout carries a file (an SVG here)', async () => {
    const r = await cli('regions', demoNet, '--box', '-1:1', '--svg', '-', '--json');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^<svg/);
    expect(JSON.parse(r.err)).toMatchObject({ regions: 2, svg: '-' });
  });

  it('ONNX (binary) to stdout and two outputs on stdout are refused with exit 2', async () => {
    const onnx = await cli('convert', absNet, '-', '--to', 'onnx');
    expect(onnx.code).toBe(2);
    expect(onnx.err).toContain('binary data (ONNX) is not written to standard output');
    expect(onnx.out).toBe('');
    const two = await cli('regions', demoNet, '--box', '-1:1', '--certificate', '-', '--svg', '-');
    expect(two.code).toBe(2);
    expect(two.err).toContain('only one output can go to standard output (-); --certificate and --svg both name it');
    expect(two.out).toBe('');
  });

  it('a file named - is still reachable as ./-', async () => {
    const dir = tempDir();
    const r = await cli('convert', absNet, join(dir, '-'), '--to', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '-'), 'utf8')).format).toBe('relucert.network/1');
  });
});
