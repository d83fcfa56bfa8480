/**
 * Runs every benchmark module (`npm run bench`), or only those named on the command line
 * (`npm run bench -- eval`). Each module prints one JSON line per case.
 */
import { main as checkerBench } from './checkerAdversarial.js';
import { main as evalBench } from './eval.js';
import { run as lpBench } from './lp.js';
import { main as regionsBench } from './regions.js';
import { main as regionsWideBench } from './regionsWide.js';
import { run as complexBench } from './complex.js';
import { main as injectivityBench } from './injectivity.js';
import { main as trainingBench } from './training.js';
import { main as sortingBench } from './sorting.js';
import { run as verticesBench } from './vertices.js';
import { main as specBench } from './spec.js';
import { main as onnxLoweringBench } from './onnxLowering.js';
import { main as startupBench } from './startup.js';

/** Benchmark modules by name, in run order. */
const MODULES: Readonly<Record<string, () => Promise<void>>> = {
  eval: evalBench,
  lp: async () => {
    await lpBench();
  },
  regions: regionsBench,
  'regions-wide': () => regionsWideBench([]),
  complex: complexBench,
  injectivity: injectivityBench,
  training: trainingBench,
  sorting: sortingBench,
  vertices: async () => {
    await verticesBench();
  },
  checker: checkerBench,
  spec: () => specBench([]),
  onnx: onnxLoweringBench,
  startup: async () => startupBench([]),
};

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(name in MODULES)) {
    console.error(`unknown benchmark ${JSON.stringify(name)}; known: ${Object.keys(MODULES).join(', ')}`);
    process.exit(2);
  }
}
for (const [name, run] of Object.entries(MODULES)) {
  if (wanted.length === 0 || wanted.includes(name)) await run();
}
