"""Run the ONNX graphs shipped in the `rapidocr` wheel as PyTorch modules.

Why our own ~30-operator interpreter rather than onnx2torch: onnx2torch imports
torchvision at load time, and PyPI's torchvision wheels are CUDA builds that do
not load next to the CPU-only torch CI installs, so the converter could not even
be imported where the equivalence test runs. The PP-OCR det and rec graphs
(opset 11) use a small, fixed operator set; interpreting it node by node on
torch tensors is short, has no conversion cache to go stale, and the test that
compares the whole engine with onnxruntime checks every operator here.

Floating-point initializers become module buffers (they follow `.to(device)`);
integer tensors (shapes, axes, slice bounds) stay on the CPU as in the graph, so
shape arithmetic never waits on the GPU.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import helper, numpy_helper

Tensor = torch.Tensor
Attrs = dict[str, object]
_CUDNN = "_cudnn"   # our own Conv attribute: whether this graph's convolutions may use cuDNN


def _ints(t: Tensor) -> list[int]:
    return [int(v) for v in t.reshape(-1).tolist()]


def _same_upper_pads(size: list[int], kernel: list[int], strides: list[int], dilations: list[int]) -> list[int]:
    """F.pad order (last dim first) for ONNX auto_pad=SAME_UPPER: the odd pixel goes after."""
    pads: list[int] = []
    for i, k, s, d in reversed(list(zip(size, kernel, strides, dilations))):
        out = math.ceil(i / s)
        total = max((out - 1) * s + (k - 1) * d + 1 - i, 0)
        pads += [total // 2, total - total // 2]
    return pads


def _explicit_pads(a: Attrs) -> list[int]:
    """ONNX pads [b0, b1, e0, e1] → F.pad order [b1, e1, b0, e0]."""
    p = list(a.get("pads", [0, 0, 0, 0]))  # type: ignore[arg-type]
    half = len(p) // 2
    out: list[int] = []
    for axis in reversed(range(half)):
        out += [p[axis], p[axis + half]]
    return out


def _conv(x: Tensor, w: Tensor, b: Tensor | None = None, *, a: Attrs) -> Tensor:
    strides = list(a.get("strides", [1, 1]))  # type: ignore[arg-type]
    dilations = list(a.get("dilations", [1, 1]))  # type: ignore[arg-type]
    if (w.shape[2:] == (1, 1) and strides == [1, 1] and int(a.get("group", 1)) == 1  # type: ignore[call-overload]
            and not any(_explicit_pads(a))):
        # Pointwise convolution as one batched matrix product: the recogniser meets a new
        # width with every run of lines, and GPU convolution kernels pay per new shape
        # (cuDNN plans) or per sample (PyTorch's fallback); a matrix product pays neither.
        n, c, h, width = x.shape
        y = torch.matmul(w.reshape(w.shape[0], c), x.reshape(n, c, h * width))
        if b is not None:
            y = y + b.reshape(1, -1, 1)
        return y.reshape(n, w.shape[0], h, width)
    groups = int(a.get("group", 1))  # type: ignore[call-overload]
    if a.get("auto_pad", b"NOTSET") == b"SAME_UPPER":
        pads = _same_upper_pads(list(x.shape[2:]), list(w.shape[2:]), strides, dilations)
    else:
        pads = _explicit_pads(a)
    padding = [0, 0]
    if pads[0::2] == pads[1::2]:
        padding = pads[::2][::-1]
    else:
        x = F.pad(x, pads)
    if a[_CUDNN]:
        return F.conv2d(x, w, b, strides, padding, dilations, groups)
    if groups == 1:
        # im2col of the whole batch and one matrix product: off cuDNN, PyTorch's GPU convolution
        # runs im2col and a product per sample (the recogniser's four full convolutions).
        kernel = list(w.shape[2:])
        out_h, out_w = ((size + 2 * pad - dil * (k - 1) - 1) // stride + 1 for size, pad, dil, k, stride in
                        zip(x.shape[2:], padding, dilations, kernel, strides))
        cols = F.unfold(x, kernel, dilation=dilations, padding=padding, stride=strides)
        y = torch.matmul(w.reshape(w.shape[0], -1), cols)
        if b is not None:
            y = y + b.reshape(1, -1, 1)
        return y.reshape(x.shape[0], w.shape[0], out_h, out_w)
    # Same convolution, with cuDNN off for this call only (a global switch would race other threads).
    return torch._convolution(x, w, b, strides, padding, dilations, False, [0, 0], groups, False, False, False)


def _conv_transpose(x: Tensor, w: Tensor, b: Tensor | None = None, *, a: Attrs) -> Tensor:
    if any(_explicit_pads(a)) or a.get("output_padding") or a.get("auto_pad", b"NOTSET") != b"NOTSET":
        raise NotImplementedError("ConvTranspose with padding is not used by the PP-OCR graphs")
    return F.conv_transpose2d(x, w, b, list(a.get("strides", [1, 1])), 0, 0,  # type: ignore[arg-type]
                              int(a.get("group", 1)), list(a.get("dilations", [1, 1])))  # type: ignore[arg-type]


def _max_pool(x: Tensor, *, a: Attrs) -> Tensor:
    kernel = list(a["kernel_shape"])  # type: ignore[arg-type]
    strides = list(a.get("strides", [1] * len(kernel)))  # type: ignore[arg-type]
    if a.get("auto_pad", b"NOTSET") == b"SAME_UPPER":
        pads = _same_upper_pads(list(x.shape[2:]), kernel, strides, [1] * len(kernel))
    else:
        pads = _explicit_pads(a)
    if any(pads):
        x = F.pad(x, pads, value=-math.inf)
    return F.max_pool2d(x, kernel, strides, 0, ceil_mode=bool(a.get("ceil_mode", 0)))


def _avg_pool(x: Tensor, *, a: Attrs) -> Tensor:
    if any(_explicit_pads(a)):
        raise NotImplementedError("padded AveragePool is not used by the PP-OCR graphs")
    kernel = list(a["kernel_shape"])  # type: ignore[arg-type]
    return F.avg_pool2d(x, kernel, list(a.get("strides", kernel)), 0,  # type: ignore[arg-type]
                        ceil_mode=bool(a.get("ceil_mode", 0)))


def _resize(x: Tensor, roi: Tensor | None = None, scales: Tensor | None = None, sizes: Tensor | None = None,
            *, a: Attrs) -> Tensor:
    if (a.get("mode"), a.get("coordinate_transformation_mode"), a.get("nearest_mode")) != (
            b"nearest", b"asymmetric", b"floor"):
        raise NotImplementedError(f"Resize mode {a} is not used by the PP-OCR graphs")
    if sizes is not None and sizes.numel():
        out = _ints(sizes)[2:]
    else:
        assert scales is not None
        out = [int(math.floor(d * s)) for d, s in zip(x.shape[2:], scales.reshape(-1).tolist()[2:])]
    # torch "nearest" is floor(dst * in / out): ONNX asymmetric + floor for integer factors.
    return F.interpolate(x, size=out, mode="nearest")


def _reshape(x: Tensor, shape: Tensor, *, a: Attrs) -> Tensor:
    target = [x.shape[i] if d == 0 else d for i, d in enumerate(_ints(shape))]
    return x.reshape(target)


def _slice(x: Tensor, starts: Tensor, ends: Tensor, axes: Tensor | None = None, steps: Tensor | None = None,
           *, a: Attrs) -> Tensor:
    s, e = _ints(starts), _ints(ends)
    ax = _ints(axes) if axes is not None else list(range(len(s)))
    st = _ints(steps) if steps is not None else [1] * len(s)
    index: list[slice] = [slice(None)] * x.dim()
    for b, en, axis, step in zip(s, e, ax, st):
        if step != 1:
            raise NotImplementedError("strided Slice is not used by the PP-OCR graphs")
        index[axis % x.dim()] = slice(b, en)
    return x[tuple(index)]


def _softmax(x: Tensor, *, a: Attrs) -> Tensor:
    """Opset < 13 semantics: flatten to 2-D at `axis`, softmax over the second part."""
    axis = int(a.get("axis", 1)) % x.dim()  # type: ignore[call-overload]
    if axis == x.dim() - 1:
        return torch.softmax(x, dim=-1)
    return torch.softmax(x.reshape(*x.shape[:axis], -1), dim=-1).reshape(x.shape)


def _batch_norm(x: Tensor, scale: Tensor, bias: Tensor, mean: Tensor, var: Tensor, *, a: Attrs) -> Tensor:
    return F.batch_norm(x, mean, var, scale, bias, training=False, eps=float(a.get("epsilon", 1e-5)))  # type: ignore[arg-type]


_OPS: dict[str, Callable[..., Tensor]] = {
    "Add": lambda x, y, *, a: x + y,
    "Sub": lambda x, y, *, a: x - y,
    "Mul": lambda x, y, *, a: x * y,
    "Div": lambda x, y, *, a: x / y,
    "Pow": lambda x, y, *, a: torch.pow(x, y),
    "Sqrt": lambda x, *, a: torch.sqrt(x),
    "Erf": lambda x, *, a: torch.erf(x),
    "Relu": lambda x, *, a: torch.relu(x),
    "Sigmoid": lambda x, *, a: torch.sigmoid(x),
    "HardSigmoid": lambda x, *, a: torch.clamp(x * float(a.get("alpha", 0.2)) + float(a.get("beta", 0.5)), 0, 1),  # type: ignore[arg-type]
    "Identity": lambda x, *, a: x,
    "MatMul": lambda x, y, *, a: torch.matmul(x, y),
    "Concat": lambda *xs, a: torch.cat(xs, dim=int(a["axis"])),  # type: ignore[call-overload]
    "Transpose": lambda x, *, a: x.permute(*a["perm"]),  # type: ignore[misc]
    "Squeeze": lambda x, *, a: x.squeeze(tuple(a["axes"])),  # type: ignore[arg-type]
    "Unsqueeze": lambda x, *, a: _unsqueeze(x, list(a["axes"])),  # type: ignore[arg-type]
    "ReduceMean": lambda x, *, a: x.mean(dim=tuple(a["axes"]), keepdim=bool(a.get("keepdims", 1))),  # type: ignore[arg-type]
    "GlobalAveragePool": lambda x, *, a: x.mean(dim=(2, 3), keepdim=True),
    "Shape": lambda x, *, a: torch.tensor(list(x.shape), dtype=torch.int64),
    "Conv": _conv,
    "ConvTranspose": _conv_transpose,
    "MaxPool": _max_pool,
    "AveragePool": _avg_pool,
    "Resize": _resize,
    "Reshape": _reshape,
    "Slice": _slice,
    "Softmax": _softmax,
    "BatchNormalization": _batch_norm,
}


def _unsqueeze(x: Tensor, axes: list[int]) -> Tensor:
    for axis in sorted(axis % (x.dim() + len(axes)) for axis in axes):
        x = x.unsqueeze(axis)
    return x


class OnnxGraphModule(torch.nn.Module):
    """One single-input, single-output ONNX graph evaluated with torch operators.

    cudnn=False keeps the graph's convolutions off cuDNN, which builds an execution
    plan for every new input shape: right for a graph fed ever-changing widths.
    """

    def __init__(self, model_path: Path, *, cudnn: bool = True):
        super().__init__()
        model = onnx.load(str(model_path))
        graph = model.graph
        self.metadata = {p.key: p.value for p in model.metadata_props}
        unsupported = sorted({n.op_type for n in graph.node} - set(_OPS) - {"Constant"})
        if unsupported:
            raise NotImplementedError(f"{model_path.name}: operators {unsupported} are not implemented")

        self._buffer_names: dict[str, str] = {}     # graph value → buffer attribute
        self._cpu_constants: dict[str, Tensor] = {}  # integer tensors stay on the CPU
        for init in graph.initializer:
            self._add_constant(init.name, numpy_helper.to_array(init))
        self._nodes: list[tuple[str, list[str], list[str], Attrs]] = []
        for node in graph.node:
            attrs = {at.name: helper.get_attribute_value(at) for at in node.attribute}
            if node.op_type == "Conv":
                attrs[_CUDNN] = cudnn
            if node.op_type == "Constant":
                self._add_constant(node.output[0], numpy_helper.to_array(attrs["value"]))  # type: ignore[arg-type]
                continue
            self._nodes.append((node.op_type, list(node.input), list(node.output), attrs))
        self._input = graph.input[0].name
        self._output = graph.output[0].name
        # Values no later node reads are dropped as the pass goes: a batch of pages
        # would otherwise hold every activation of the network at once.
        last_use: dict[str, int] = {}
        for step, (_, inputs, _, _) in enumerate(self._nodes):
            for name in inputs:
                last_use[name] = step
        keep = {self._output, *self._buffer_names, *self._cpu_constants}
        self._release: list[list[str]] = [[] for _ in self._nodes]
        for name, step in last_use.items():
            if name not in keep:
                self._release[step].append(name)

    def _add_constant(self, name: str, array: np.ndarray) -> None:
        tensor = torch.from_numpy(array.copy())
        if tensor.is_floating_point():
            attr = f"c{len(self._buffer_names)}"
            self.register_buffer(attr, tensor, persistent=False)
            self._buffer_names[name] = attr
        else:
            self._cpu_constants[name] = tensor

    def forward(self, x: Tensor) -> Tensor:
        values: dict[str, Tensor] = dict(self._cpu_constants)
        for name, attr in self._buffer_names.items():
            values[name] = getattr(self, attr)
        values[self._input] = x
        for (op_type, inputs, outputs, attrs), release in zip(self._nodes, self._release):
            args = [values[i] if i else None for i in inputs]
            while args and args[-1] is None:
                args.pop()
            values[outputs[0]] = _OPS[op_type](*args, a=attrs)
            del args
            for name in release:
                del values[name]
        return values[self._output]
