// SPDX-License-Identifier: GPL-3.0-or-later
// Reference outputs of @vladmandic/face-api 1.7.15 (TF.js CPU backend) for Portico's golden tests.
// Not run by CI. Inputs are the exact RGB bytes OpenCV decoded, dumped by the C++ side:
//
//   cmake --build build/<dir> --target portico_tests_face
//   PORTICO_GOLDEN_DUMP=/tmp/golden-in build/<dir>/tests/unit/face/portico_tests_face "[.golden-dump]"
//   (cd scripts/golden && npm ci && node make-golden.mjs /tmp/golden-in > ../../tests/data/golden/face-api-nets.json)
//
// The output holds numbers only (boxes, landmarks, descriptors), keyed by image name: no pixels.
import { createRequire } from 'module';
import fs from 'fs';
import os from 'os';
import path from 'path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');

const inputDir = process.argv[2];
if (!inputDir) {
  console.error('usage: node make-golden.mjs INPUT_DIR [--only-tiny EXISTING.json] > face-api-nets.json');
  process.exit(2);
}
const cacheRoot = process.env.PORTICO_MODEL_DIR
  || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'portico', 'models');
const modelDir = process.env.PORTICO_GOLDEN_MODELS || path.join(cacheRoot, 'face-api', 'model');
// --only-tiny EXISTING.json: recompute only the tiny detector's entries of an existing golden file.
const onlyTiny = process.argv[3] === '--only-tiny' ? JSON.parse(fs.readFileSync(process.argv[4], 'utf8')) : null;

// Load weights straight from the manifest + shards (the files scripts/fetch-models verified).
async function loadNet(net, name) {
  const manifest = JSON.parse(fs.readFileSync(path.join(modelDir, `${name}-weights_manifest.json`), 'utf8'));
  const weightMap = {};
  for (const group of manifest) {
    const buffers = group.paths.map((p) => fs.readFileSync(path.join(modelDir, p)));
    const joined = Buffer.concat(buffers);
    const ab = joined.buffer.slice(joined.byteOffset, joined.byteOffset + joined.byteLength);
    Object.assign(weightMap, tf.io.decodeWeights(ab, group.weights));
  }
  net.loadFromWeightMap(weightMap);
}

const round = (v, d = 5) => Number(v.toFixed(d));

async function main() {
  await tf.setBackend('cpu');
  await tf.ready();
  await loadNet(faceapi.nets.ssdMobilenetv1, 'ssd_mobilenetv1_model');
  await loadNet(faceapi.nets.faceLandmark68Net, 'face_landmark_68_model');
  await loadNet(faceapi.nets.faceRecognitionNet, 'face_recognition_model');
  await loadNet(faceapi.nets.tinyFaceDetector, 'tiny_face_detector_model');

  const index = JSON.parse(fs.readFileSync(path.join(inputDir, 'index.json'), 'utf8'));
  const images = {};
  for (const item of index) {
    const bytes = fs.readFileSync(path.join(inputDir, item.file));
    if (bytes.length !== item.width * item.height * 3) throw new Error(`${item.file}: size mismatch`);
    const image = tf.tensor3d(new Uint8Array(bytes), [item.height, item.width, 3], 'int32');
    const entry = onlyTiny ? onlyTiny.images[item.key] : { width: item.width, height: item.height, detections: {} };

    for (const minConfidence of onlyTiny ? [] : [0.5, 0.2]) {
      const opts = new faceapi.SsdMobilenetv1Options({ minConfidence, maxResults: 100 });
      // The library's own pipeline: detection, then landmarks on the detection box crop.
      const results = await faceapi.detectAllFaces(image, opts).withFaceLandmarks();
      entry.detections[String(minConfidence)] = results.map((r) => ({
        box: [r.detection.box.x, r.detection.box.y, r.detection.box.width, r.detection.box.height].map((v) => round(v, 4)),
        score: round(r.detection.score, 6),
        landmarks: r.landmarks.positions.flatMap((p) => [round(p.x, 3), round(p.y, 3)]),
      }));
    }

    // The tiny face detector (fast mode) at two input sizes.
    entry.tiny = {};
    for (const inputSize of [416, 320]) {
      const opts = new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold: 0.5 });
      const dets = await faceapi.nets.tinyFaceDetector.locateFaces(image, opts);
      entry.tiny[String(inputSize)] = dets.map((d) => ({
        box: [d.box.x, d.box.y, d.box.width, d.box.height].map((v) => round(v, 4)),
        score: round(d.score, 6),
      }));
    }

    if (onlyTiny) {
      image.dispose();
      images[item.key] = entry;
      console.error(`${item.key}: tiny ${entry.tiny['416'].length} face(s) at 416`);
      continue;
    }
    // Descriptor inputs: integer crops of the image, given to computeFaceDescriptor as tensors
    // (it pads to a centred square and resizes to 150 itself; a 150×150 crop goes in unchanged).
    const best = entry.detections['0.5'][0] || entry.detections['0.2'][0];
    const crops = [];
    if (best) {
      const [bx, by, bw, bh] = best.box;
      const x = Math.max(0, Math.floor(bx));
      const y = Math.max(0, Math.floor(by));
      crops.push([x, y, Math.min(Math.floor(bw), item.width - x), Math.min(Math.floor(bh), item.height - y)]);
      if (item.width >= 150 && item.height >= 150) {
        const cx = Math.round(bx + bw / 2 - 75);
        const cy = Math.round(by + bh / 2 - 75);
        crops.push([Math.min(Math.max(0, cx), item.width - 150), Math.min(Math.max(0, cy), item.height - 150), 150, 150]);
      }
    } else {
      const s = Math.min(item.width, item.height);
      crops.push([Math.floor((item.width - s) / 2), Math.floor((item.height - s) / 2), s, s]);
    }
    entry.descriptors = [];
    for (const [x, y, w, h] of crops) {
      const face = tf.slice3d(image, [y, x, 0], [h, w, 3]);
      const d = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(face);
      face.dispose();
      entry.descriptors.push({ crop: [x, y, w, h], raw: Array.from(d).map((v) => round(v, 6)) });
    }
    image.dispose();
    images[item.key] = entry;
    console.error(`${item.key}: ${entry.detections['0.5'].length} face(s) at 0.5, ${entry.detections['0.2'].length} at 0.2`);
  }
  const out = {
    generator: 'scripts/golden/make-golden.mjs',
    reference: `@vladmandic/face-api@${faceapi.version || '1.7.15'}`,
    tfjs: tf.version_core,
    backend: tf.getBackend(),
    images,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
