#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write dlib_face_recognition_resnet_model_v1.dat's float32 weights as a TF.js weights manifest that Portico's
Embedder reads, with face-api's tensor names (docs/evaluation.md, "dlib's float weights").

face-api 1.7.15 ships the same network with most tensors quantised to uint8; this gives the original float32 values
so the two can be compared. Usage: dlib-to-tfjs.py MODEL.dat OUT_DIR
Writes OUT_DIR/face_recognition_model-weights_manifest.json and OUT_DIR/face_recognition_model.bin.

dlib's serialisation: integers are one byte (size | 0x80 if negative) then the magnitude's bytes little-endian;
strings are a size then bytes; a tensor is version 2, num_samples, k, nr, nc, then little-endian float32s. A con_
layer is the tag "con_4"/"con_5", its params (filters [out, in, h, w] then biases) and its geometry; an affine_
layer its params (gamma then beta); fc_ "fc_2" the output count, the input count, then params [in, out].
Layers appear from the input to the output, as face-api's tensors are listed.
"""
import array
import json
import os
import re
import sys


class Reader:
    def __init__(self, data, pos):
        self.data, self.pos = data, pos

    def int(self):
        head = self.data[self.pos]
        size = head & 0x0F
        if size > 8:
            raise ValueError(f"bad integer at byte {self.pos}")
        value = int.from_bytes(self.data[self.pos + 1:self.pos + 1 + size], 'little')
        self.pos += 1 + size
        return -value if head & 0x80 else value

    def tensor(self):
        if self.int() != 2:
            raise ValueError(f"unknown tensor version before byte {self.pos}")
        n, k, nr, nc = self.int(), self.int(), self.int(), self.int()
        count = n * k * nr * nc
        values = array.array('f')
        values.frombytes(self.data[self.pos:self.pos + 4 * count])
        if sys.byteorder != 'little':
            values.byteswap()
        if len(values) != count:
            raise ValueError("truncated tensor")
        self.pos += 4 * count
        return values


def main(model, out_dir):
    data = open(model, 'rb').read()
    convs, affines, fc = [], [], None
    for m in re.finditer(rb'con_[45]|affine_2?|fc_2', data):
        r = Reader(data, m.end())
        tag = m.group()
        if tag.startswith(b'con_'):
            params = r.tensor()
            filters, h, w = r.int(), r.int(), r.int()
            convs.append((params, filters, h, w))
        elif tag.startswith(b'affine_'):
            affines.append(r.tensor())
        else:
            outputs, inputs = r.int(), r.int()
            fc = (r.tensor(), inputs, outputs)
    if len(convs) != 29 or len(affines) != 29 or fc is None:
        raise SystemExit(f"unexpected layers: {len(convs)} con, {len(affines)} affine, fc {fc is not None}")
    blocks = ['conv32_1', 'conv32_2', 'conv32_3', 'conv64_down', 'conv64_1', 'conv64_2', 'conv64_3',
              'conv128_down', 'conv128_1', 'conv128_2', 'conv256_down', 'conv256_1', 'conv256_2',
              'conv256_down_out']
    names = ['conv32_down'] + [f'{b}/conv{i}' for b in blocks for i in (1, 2)]
    weights, blob = [], bytearray()

    def add(name, shape, values):
        weights.append({'name': name, 'shape': shape, 'dtype': 'float32'})
        blob.extend(array.array('f', values).tobytes())

    for name, (params, out, h, w), affine in zip(names, convs, affines):
        cin = (len(params) - out) // (out * h * w)
        # dlib [out, in, h, w] → TF.js HWIO [h, w, in, out]
        hwio = [params[((o * cin + i) * h + y) * w + x] for y in range(h) for x in range(w) for i in range(cin)
                for o in range(out)]
        add(name + '/conv/filters', [h, w, cin, out], hwio)
        add(name + '/conv/bias', [out], params[out * cin * h * w:])
        add(name + '/scale/weights', [out], affine[:out])
        add(name + '/scale/biases', [out], affine[out:])
    values, inputs, outputs = fc
    add('fc', [inputs, outputs], values)
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, 'face_recognition_model.bin'), 'wb') as f:
        f.write(blob)
    with open(os.path.join(out_dir, 'face_recognition_model-weights_manifest.json'), 'w') as f:
        json.dump([{'paths': ['face_recognition_model.bin'], 'weights': weights}], f)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    main(sys.argv[1], sys.argv[2])
