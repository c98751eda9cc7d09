// SPDX-License-Identifier: GPL-3.0-or-later
// Times @vladmandic/face-api 1.7.15 per stage on the frames `portico-cli bench pipeline --reference` dumps
// (raw RGB + index.json, the same format as make-golden.mjs), one thread. Prints JSON {backend, ms: {stage: [..]}}.
//
//   node bench-reference.mjs FRAME_DIR [MODEL_DIR]
//
// Backend: WASM (SIMD, 1 thread) when it initialises, else the CPU backend. Stages as face-api's own pipeline:
// detect (SSD MobileNetV1, minConfidence 0.5), landmarks (68-point net on the best box), embed (descriptor of the
// box crop). PORTICO_REF_DESCRIPTOR=arcface: the embed stage is faceplugin-face-recognition-js's own descriptor
// (model/fr_feature.onnx in onnxruntime-web, wasm, 1 thread, as that package runs it) on the box crop resized to
// 112x112 and normalised as its preprocessFeature does; its opencv.js affine warp is not included.
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const inputDir = process.argv[2];
if (!inputDir) {
  console.error('usage: node bench-reference.mjs FRAME_DIR [MODEL_DIR]');
  process.exit(2);
}
const cacheRoot = process.env.PORTICO_MODEL_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'portico', 'models');
const modelDir = process.argv[3] || path.join(cacheRoot, 'face-api', 'model');
const arcFaceModel = path.join(path.dirname(path.dirname(modelDir)), 'faceplugin', 'model', 'fr_feature.onnx');

// faceplugin's descriptor session (onnxruntime-web, wasm, 1 thread), or null for face-api's own descriptor.
async function arcFaceSession() {
  if ((process.env.PORTICO_REF_DESCRIPTOR || 'dlib') !== 'arcface') return null;
  const ort = require('onnxruntime-web');
  const { pathToFileURL } = require('url');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = `${pathToFileURL(path.dirname(require.resolve('onnxruntime-web'))).href}/`;
  const session = await ort.InferenceSession.create(fs.readFileSync(arcFaceModel), { executionProviders: ['wasm'] });
  return { ort, session };
}

async function loadNet(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}-weights_manifest.json`), 'utf8'));
  const weightMap = {};
  for (const group of manifest) {
    const joined = Buffer.concat(group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))));
    const ab = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
    Object.assign(weightMap, tf.io.decodeWeights(ab, group.weights));
  }
  net.loadFromWeightMap(weightMap);
}

async function pickBackend() {
  try {
    const wasm = require('@tensorflow/tfjs-backend-wasm');
    wasm.setThreadsCount(1);
    const distDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'));
    wasm.setWasmPaths(`${distDir}${path.sep}`);
    if (await tf.setBackend('wasm')) {
      await tf.ready();
      return 'wasm';
    }
  } catch (e) {
    console.error(`wasm backend unavailable (${e.message}); using cpu`);
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return 'cpu';
}

const now = () => Number(process.hrtime.bigint()) / 1e6;

async function main() {
  const backend = await pickBackend();
  await loadNet(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
  await loadNet(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
  await loadNet(faceapi.nets.faceRecognitionNet, 'face_recognition_model');
  // PORTICO_REF_TINY=<input size>: face-api's tiny face detector instead of the SSD (Portico's --fast mode).
  const tiny = Number(process.env.PORTICO_REF_TINY || 0);
  if (tiny > 0) await loadNet(faceapi.nets.tinyFaceDetector, 'tiny_face_detector_model');
  const opts = tiny > 0
    ? new faceapi.TinyFaceDetectorOptions({ inputSize: tiny, scoreThreshold: 0.5 })
    : new faceapi.SsdMobilenetv1Options({ minConfidence: 0.5, maxResults: 100 });
  const arc = await arcFaceSession();
  const describe = async (image, best) => {
    const [face] = await faceapi.extractFaceTensors(image, [best]);
    if (!arc) {
      const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face);
      face.dispose();
      return d.length;
    }
    // HWC RGB 112x112 -> NCHW (v - 127) / 128, as faceplugin's preprocessFeature.
    const chip = tf.tidy(() => tf.image.resizeBilinear(face, [112, 112]).sub(127).div(128).transpose([2, 0, 1]));
    const data = await chip.data();
    chip.dispose();
    face.dispose();
    const out = await arc.session.run({ input: new arc.ort.Tensor('float32', data, [1, 3, 112, 112]) });
    return out[arc.session.outputNames[0]].data.length;
  };
  const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
  const ms = { detect: [], landmarks: [], embed: [], 'detect+landmarks+embed': [] };

  const runOne = async (image) => {
    const t0 = now();
    const dets = await faceapi.detectAllFaces(image, opts);
    const t1 = now();
    if (dets.length === 0) return null;
    const best = dets.reduce((a, b) => (b.box.area > a.box.area ? b : a));
    const [crop] = await faceapi.extractFaceTensors(image, [best]);
    const lm = await faceapi.nets.faceLandmark68Net.detectLandmarks(crop);
    const t2 = now();
    const size = await describe(image, best);
    const t3 = now();
    crop.dispose();
    if (size !== (arc ? 512 : 128)) throw new Error(`descriptor size ${size}`);
    return [t1 - t0, t2 - t1, t3 - t2];
  };

  let warm = false;
  for (const item of index) {
    const bytes = fs.readFileSync(path.join(inputDir, item.file));
    const image = tf.tensor3d(new Uint8Array(bytes), [item.height, item.width, 3], 'int32');
    if (!warm) {
      await runOne(image);
      warm = true;
    }
    const r = await runOne(image);
    image.dispose();
    if (!r) continue;
    ms.detect.push(r[0]);
    ms.landmarks.push(r[1]);
    ms.embed.push(r[2]);
    ms['detect+landmarks+embed'].push(r[0] + r[1] + r[2]);
  }
  const detector = tiny > 0 ? `tiny_face_detector@${tiny}` : 'ssd_mobilenetv1@512';
  const descriptor = arc ? 'faceplugin fr_feature (onnxruntime-web wasm, 1 thread)' : 'face_recognition_model';
  process.stdout.write(`${JSON.stringify({ backend, detector, descriptor, frames: index.length, ms })}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
