//===- TesseraModule.cpp - The tessera._tessera Python extension ----------===//
//
// Registers the dialect into contexts of the upstream `mlir` bindings, compiles
// modules, and calls compiled functions on NumPy arrays without copying them.
// Results are NumPy arrays that own the buffers compiled code allocated.
//
//===----------------------------------------------------------------------===//

#include "mlir/Bindings/Python/NanobindAdaptors.h"
#include "tessera/CAPI.h"

#include <nanobind/ndarray.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/vector.h>

#include <stdexcept>

namespace nb = nanobind;
using namespace tessera;

namespace {

/// Raised when MLIR rejects a module: verifier or pipeline failure.
struct CompileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/// Raised when a call's inputs do not match the compiled signature.
struct CallError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nb::dlpack::dtype dlpackOf(DType dtype) {
  switch (dtype) {
  case DType::Bool:
    return nb::dtype<bool>();
  case DType::Int8:
    return nb::dtype<int8_t>();
  case DType::Int16:
    return nb::dtype<int16_t>();
  case DType::Int32:
    return nb::dtype<int32_t>();
  case DType::Int64:
    return nb::dtype<int64_t>();
  case DType::Float16:
    return {static_cast<uint8_t>(nb::dlpack::dtype_code::Float), 16, 1};
  case DType::Float32:
    return nb::dtype<float>();
  case DType::Float64:
    return nb::dtype<double>();
  }
  return {};
}

std::optional<DType> dtypeOf(nb::dlpack::dtype dtype) {
  for (DType candidate :
       {DType::Bool, DType::Int8, DType::Int16, DType::Int32, DType::Int64,
        DType::Float16, DType::Float32, DType::Float64})
    if (dlpackOf(candidate) == dtype)
      return candidate;
  return std::nullopt;
}

// Inputs are only read, so read-only arrays (broadcast views, buffers) work.
using CpuArray = nb::ndarray<nb::ro, nb::device::cpu>;

class PyExecutable {
public:
  explicit PyExecutable(std::unique_ptr<Executable> executable)
      : executable_(std::move(executable)) {}

  nb::list call(int index, const std::vector<CpuArray> &inputs) const {
    std::vector<ArrayView> views;
    std::vector<int64_t> shapes; // Both in one buffer per input: sizes, strides.
    views.reserve(inputs.size());
    size_t words = 0;
    for (const CpuArray &input : inputs)
      words += 2 * input.ndim();
    shapes.resize(words);
    int64_t *cursor = shapes.data();
    for (size_t i = 0; i < inputs.size(); ++i) {
      const CpuArray &input = inputs[i];
      std::optional<DType> dtype = dtypeOf(input.dtype());
      if (!dtype)
        throw CallError("input " + std::to_string(i) +
                        " has a dtype Tessera does not support");
      int64_t rank = input.ndim();
      for (int64_t dim = 0; dim < rank; ++dim) {
        cursor[dim] = input.shape(dim);
        cursor[rank + dim] = input.stride(dim);
      }
      views.push_back({const_cast<void *>(input.data()), *dtype, rank, cursor,
                       cursor + rank});
      cursor += 2 * rank;
    }

    std::vector<Array> outputs;
    Status status;
    {
      nb::gil_scoped_release release;
      status = executable_->call(index, views.data(), views.size(), outputs);
    }
    if (!status)
      throw CallError(status.message());

    nb::list results;
    for (Array &output : outputs) {
      auto *owner = new std::shared_ptr<void>(std::move(output.buffer));
      nb::capsule deleter(owner, [](void *p) noexcept {
        delete static_cast<std::shared_ptr<void> *>(p);
      });
      std::vector<size_t> shape(output.shape.begin(), output.shape.end());
      nb::ndarray<nb::numpy> array(output.data, shape.size(), shape.data(),
                                   deleter, output.strides.data(),
                                   dlpackOf(output.dtype));
      results.append(array.cast());
    }
    return results;
  }

  nb::list functions() const {
    auto describe = [](const TensorType &type) {
      nb::list shape;
      for (int64_t size : type.shape)
        shape.append(size < 0 ? nb::object(nb::none()) : nb::int_(size));
      return nb::make_tuple(dtypeName(type.dtype), nb::tuple(shape));
    };
    nb::list result;
    for (const FunctionSignature &signature : executable_->functions()) {
      nb::list inputs, outputs;
      for (const TensorType &type : signature.inputs)
        inputs.append(describe(type));
      for (const TensorType &type : signature.outputs)
        outputs.append(describe(type));
      result.append(nb::make_tuple(signature.name, inputs, outputs));
    }
    return result;
  }

  const std::string &loweredIR() const { return executable_->loweredIR(); }

private:
  std::unique_ptr<Executable> executable_;
};

} // namespace

NB_MODULE(_tessera, m) {
  m.doc() = "Tessera's native core: dialect registration, compiler and runtime";
  tesseraRegisterPassesAndPipelines();

  nb::exception<CompileError>(m, "CompileError", PyExc_RuntimeError);
  nb::exception<CallError>(m, "CallError", PyExc_ValueError);

  m.def(
      "register_dialect",
      [](MlirContext context, bool load) {
        tesseraRegisterDialect(context, load);
      },
      nb::arg("context").none() = nb::none(), nb::arg("load") = true,
      "Registers the tessera dialect (and what its pipelines need) in an "
      "mlir.ir.Context (default: the current one).");

  nb::class_<PyExecutable>(m, "Executable",
                           "A JIT-compiled module of entry points.")
      .def_prop_ro("functions", &PyExecutable::functions,
                   "[(name, [(dtype, shape)], [(dtype, shape)])] of each "
                   "entry point; None marks a dynamic size.")
      .def_prop_ro("lowered_ir", &PyExecutable::loweredIR,
                   "The module after tessera-cpu-pipeline.")
      .def("call", &PyExecutable::call, nb::arg("index"), nb::arg("inputs"),
           "Calls entry point `index` on NumPy arrays; returns a list of "
           "NumPy arrays.");

  m.def(
      "compile",
      [](MlirModule module, bool unitInnerStrides) {
        std::string error;
        CompileOptions options;
        options.unitInnerStrides = unitInnerStrides;
        std::unique_ptr<Executable> executable =
            compileModule(module, options, error);
        if (!executable)
          throw CompileError(error);
        return PyExecutable(std::move(executable));
      },
      nb::arg("module"), nb::arg("unit_inner_strides") = true,
      "Lowers a copy of an mlir.ir.Module with tessera-cpu-pipeline and "
      "JIT-compiles it for this CPU. With unit_inner_strides, inputs must be "
      "contiguous in their innermost dimension.");
}
