/** The shared-data rule: run when present, skip with a reason when absent, fail when absent under CI. */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCi, sharedDataDecision, sharedDataPresent } from './sharedData.js';

describe('shared data', () => {
  it('run when present; when absent, skip outside CI and fail under CI', () => {
    expect(sharedDataDecision(true, false)).toBe('run');
    expect(sharedDataDecision(true, true)).toBe('run');
    expect(sharedDataDecision(false, false)).toBe('skip');
    expect(sharedDataDecision(false, true)).toBe('fail');
  });

  it('CI=true (and any other non-empty value but 0 or false) means CI', () => {
    expect(isCi({ CI: 'true' })).toBe(true);
    expect(isCi({ CI: '1' })).toBe(true);
    expect(isCi({ CI: 'TRUE' })).toBe(true);
    expect(isCi({})).toBe(false);
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: 'false' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
  });

  it('present only with every folder the tests read', () => {
    const dir = `${mkdtempSync(join(tmpdir(), 'relucert-shared-'))}/`;
    expect(sharedDataPresent(dir)).toBe(false);
    mkdirSync(`${dir}acasxu/nnet`, { recursive: true });
    mkdirSync(`${dir}small`);
    expect(sharedDataPresent(dir)).toBe(false);
    mkdirSync(`${dir}acasxu/onnx`);
    expect(sharedDataPresent(dir)).toBe(true);
    expect(sharedDataPresent(dir, ['acasxu/vnnlib'])).toBe(false);
    expect(sharedDataPresent(dir, ['small'])).toBe(true);
  });
});
