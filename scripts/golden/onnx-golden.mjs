// SPDX-License-Identifier: GPL-3.0-or-later
// Reference outputs of faceplugin-face-recognition-js 0.0.1's model/fr_feature.onnx, run the way that package runs
// it (onnxruntime-web, wasm backend; here with 1 thread), for Portico's OpenCV DNN golden test. Not run by CI.
//
//   (cd scripts/golden && npm ci && node onnx-golden.mjs [DIR] > ../../tests/data/golden/faceplugin-fr_feature.json)
//
// Without DIR only the synthetic input is run (syntheticValue below, over the flattened NCHW [1,3,112,112] tensor;
// the C++ test builds the same one). With DIR, DIR/index.json lists 112x112 chips dumped by the C++ side:
// [{"key": "demo/sample1.jpg", "file": "sample1.bgr", "width": 112, "height": 112}, ...], each file raw 8-bit HWC
// bytes in the order OpenCV holds them (B, G, R). The output holds numbers only (raw, unnormalised 512-d outputs).
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const ort = require('onnxruntime-web');
const ortDist = path.dirname(require.resolve('onnxruntime-web'));
const ortVersion = JSON.parse(fs.readFileSync(path.join(ortDist, '..', 'package.json'), 'utf8')).version;

const cacheRoot = process.env.PORTICO_MODEL_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'portico', 'models');
const modelPath = path.join(cacheRoot, 'faceplugin', 'model', 'fr_feature.onnx');

const SIZE = 112;
const PLANE = SIZE * SIZE;

// value(i) for element i of the flattened NCHW input, in [-1, 1]; the C++ side uses the same formula.
export function syntheticValue(i) {
  return 0.8 * Math.sin(i * 0.013) + 0.2 * Math.cos(i * 0.37);
}

// faceplugin's preprocessFeature, arithmetically: (byte - 127) / 128, HWC -> CHW, channel order kept.
function chipInput(bytes, width, height) {
  const data = new Float32Array(3 * PLANE);
  for (let p = 0; p < width * height; p += 1) {
    for (let c = 0; c < 3; c += 1) data[c * PLANE + p] = (bytes[p * 3 + c] - 127) / 128;
  }
  return data;
}

const round = (v) => Number(v.toPrecision(7));

async function run(session, data) {
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', data, [1, 3, SIZE, SIZE]) };
  const result = await session.run(feeds);
  const out = result[session.outputNames[0]];
  if (out.data.length !== 512) throw new Error(`unexpected output size ${out.data.length} (dims ${out.dims})`);
  return Array.from(out.data).map(round);
}

async function main() {
  const inputDir = process.argv[2];
  if (process.argv.length > 3 || inputDir === '-h' || inputDir === '--help') {
    console.error('usage: node onnx-golden.mjs [INPUT_DIR] > faceplugin-fr_feature.json');
    process.exit(2);
  }
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = `${pathToFileURL(ortDist).href}/`;
  const session = await ort.InferenceSession.create(fs.readFileSync(modelPath), { executionProviders: ['wasm'] });
  if (session.inputNames[0] !== 'input') throw new Error(`unexpected input name ${session.inputNames[0]}`);

  const synthetic = new Float32Array(3 * PLANE);
  for (let i = 0; i < synthetic.length; i += 1) synthetic[i] = syntheticValue(i);

  const golden = {
    generator: 'scripts/golden/onnx-golden.mjs',
    reference: 'faceplugin-face-recognition-js@0.0.1 model/fr_feature.onnx',
    runtime: `onnxruntime-web@${ortVersion} (wasm, 1 thread)`,
    input: 'NCHW float32 (byte - 127) / 128, channels in the order dumped (B, G, R)',
    synthetic: await run(session, synthetic),
    chips: {},
  };
  if (inputDir) {
    const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
    for (const item of index) {
      if (item.width !== SIZE || item.height !== SIZE) {
        throw new Error(`${item.key}: chip is ${item.width}x${item.height}, the model takes ${SIZE}x${SIZE}`);
      }
      const bytes = fs.readFileSync(path.join(inputDir, item.file));
      if (bytes.length !== item.width * item.height * 3) {
        throw new Error(`${item.file}: ${bytes.length} bytes, expected ${item.width}x${item.height}x3 = ${item.width * item.height * 3}`);
      }
      golden.chips[item.key] = await run(session, chipInput(bytes, item.width, item.height));
    }
  }
  await session.release();
  process.stdout.write(`${JSON.stringify(golden, null, 1)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
