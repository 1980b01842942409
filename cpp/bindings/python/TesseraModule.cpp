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
#include <nanobind/stl/optional.h>
#include <nanobind/stl/string.h>
#include <nanobind/stl/tuple.h>
#include <nanobind/stl/vector.h>

#include <stdexcept>

namespace nb = nanobind;
using namespace tessera;

namespace {

/// Raised when MLIR rejects a module: verifier or pipeline failure.
struct CompileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

nb::dlpack::dtype dlpackOf(DType dtype) {
  const DTypeInfo &info = dtypes()[static_cast<size_t>(dtype)];
  auto code = info.kind == 'b'   ? nb::dlpack::dtype_code::Bool
              : info.kind == 'i' ? nb::dlpack::dtype_code::Int
              : info.kind == 'c' ? nb::dlpack::dtype_code::Complex
                                 : nb::dlpack::dtype_code::Float;
  return {static_cast<uint8_t>(code), static_cast<uint8_t>(8 * info.bytes), 1};
}

std::optional<DType> dtypeOf(nb::dlpack::dtype dtype) {
  for (const DTypeInfo &info : dtypes())
    if (dlpackOf(info.dtype) == dtype)
      return info.dtype;
  return std::nullopt;
}

/// Raises the Python exception of a failed call's kind (docs/errors.md).
[[noreturn]] void raise(const Status &status) {
  if (status.kind() == ErrorKind::LinAlg) {
    nb::object error = nb::module_::import_("numpy.linalg").attr("LinAlgError");
    PyErr_SetString(error.ptr(), status.message().c_str());
    throw nb::python_error();
  }
  PyObject *type = status.kind() == ErrorKind::Type     ? PyExc_TypeError
                   : status.kind() == ErrorKind::Index  ? PyExc_IndexError
                   : status.kind() == ErrorKind::Memory ? PyExc_MemoryError
                   : status.kind() == ErrorKind::NanGuard
                       ? PyExc_AssertionError
                       : PyExc_ValueError;
  PyErr_SetString(type, status.message().c_str());
  throw nb::python_error();
}

// Inputs are only read, so read-only arrays (broadcast views, buffers) work.
using CpuArray = nb::ndarray<nb::ro, nb::device::cpu>;

class PyExecutable {
public:
  explicit PyExecutable(std::unique_ptr<Executable> executable)
      : executable_(std::move(executable)) {}

  nb::list call(int index, const std::vector<CpuArray> &inputs) const {
    std::vector<ArrayView> views;
    std::vector<int64_t>
        shapes; // Both in one buffer per input: sizes, strides.
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
        throw nb::type_error(("input " + std::to_string(i) +
                              " has a dtype Tessera does not support")
                                 .c_str());
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
      raise(status);

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
  const std::string &pipeline() const { return executable_->pipeline(); }

  nb::list optimizationSteps() const {
    nb::list steps;
    for (const OptimizationStep &step : executable_->optimizationSteps())
      steps.append(nb::make_tuple(step.pass, step.ran, step.rewriteAttempts,
                                  step.lastRewrite));
    return steps;
  }

private:
  std::unique_ptr<Executable> executable_;
};

} // namespace

NB_MODULE(_tessera, m) {
  m.doc() = "Tessera's native core: dialect registration, compiler and runtime";
  tesseraRegisterPassesAndPipelines();

  nb::exception<CompileError>(m, "CompileError", PyExc_RuntimeError);

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
      .def_prop_ro("pipeline", &PyExecutable::pipeline,
                   "The passes of this compile in tessera-opt's syntax "
                   "(for --pass-pipeline='builtin.module(...)').")
      .def_prop_ro("optimization_steps", &PyExecutable::optimizationSteps,
                   "[(pass, ran, rewrite attempts, last rewrite)] of each "
                   "pass execution of the optimization phase, in order.")
      .def("call", &PyExecutable::call, nb::arg("index"), nb::arg("inputs"),
           "Calls entry point `index` on NumPy arrays; returns a list of "
           "NumPy arrays.");

  m.def(
      "compile",
      [](MlirModule module, bool unitInnerStrides, std::string optimizer,
         std::tuple<bool, bool, bool> nanGuard,
         std::tuple<int64_t, int64_t> optimizationLimit,
         bool printIRAfterEachPass, std::string optimizationPipeline,
         bool blas, int threads, int64_t parallelMinWork) {
        std::string error;
        CompileOptions options;
        options.blas = blas;
        if (threads < 0)
          throw nb::value_error(
              ("threads must be 0 (every core) or more, not " +
               std::to_string(threads))
                  .c_str());
        options.threads = threads;
        options.parallelMinWork = parallelMinWork;
        options.optimizationPipeline = std::move(optimizationPipeline);
        options.unitInnerStrides = unitInnerStrides;
        std::tie(options.guardNan, options.guardInf, options.guardBig) =
            nanGuard;
        std::tie(options.optimizationLimit.passes,
                 options.optimizationLimit.rewrites) = optimizationLimit;
        // Python's sys.stderr (a notebook's, a test's capture), not the
        // process's file descriptor 2.
        if (printIRAfterEachPass)
          options.printIRAfterEachPass = [](std::string_view text) {
            nb::module_::import_("sys").attr("stderr").attr("write")(
                nb::str(text.data(), text.size()));
          };
        if (optimizer == "fast_run")
          options.optimizer = Optimizer::FastRun;
        else if (optimizer == "fast_compile")
          options.optimizer = Optimizer::FastCompile;
        else if (optimizer == "none")
          options.optimizer = Optimizer::None;
        else
          throw nb::value_error(("optimizer must be 'fast_run', "
                                 "'fast_compile' or 'none', not '" +
                                 optimizer + "'")
                                    .c_str());
        std::unique_ptr<Executable> executable =
            compileModule(module, options, error);
        if (!executable)
          throw CompileError(error);
        return PyExecutable(std::move(executable));
      },
      // The Executable keeps a lowered copy of the module in its context.
      nb::keep_alive<0, 1>(), nb::arg("module"),
      nb::arg("unit_inner_strides") = true,
      nb::arg("optimizer") = "fast_run",
      nb::arg("nan_guard") = std::make_tuple(false, false, false),
      nb::arg("optimization_limit") = std::make_tuple(-1, -1),
      nb::arg("print_ir_after_each_pass") = false,
      nb::arg("optimization_pipeline") = "", nb::arg("blas") = true,
      nb::arg("threads") = 0, nb::arg("parallel_min_work") = 200000,
      "Lowers a copy of an mlir.ir.Module with tessera-cpu-pipeline and "
      "JIT-compiles it for this CPU. With unit_inner_strides, inputs must be "
      "contiguous in their innermost dimension; `optimizer` selects the "
      "rewrites of the optimization phase; `nan_guard` (NaN, Inf, big) which "
      "values computed at run time are errors (NanGuardMode); "
      "`optimization_limit` (passes, rewrites) how much of the optimization "
      "phase runs (tessera::OptimizationLimit); print_ir_after_each_pass "
      "writes the IR after each pass to sys.stderr; a non-empty "
      "optimization_pipeline (tessera-opt's syntax) replaces the phase "
      "`optimizer` selects; without `blas`, no product calls BLAS; parallel "
      "loops of at least `parallel_min_work` elements run on up to `threads` "
      "threads (0: every core the process may use).");
  m.def("last_parallel_loop_threads", &lastParallelLoopThreads,
        "How many threads the most recent parallel loop of the process ran "
        "on (0 before any).");

  m.def(
      "load_blas",
      [](const std::string &path) {
        Status status = loadBlas(path);
        if (!status)
          throw nb::value_error(status.message().c_str());
      },
      nb::arg("path"),
      "Loads the OpenBLAS of the scipy-openblas64 wheel from `path`, once "
      "per process: large matrix products compiled from then on call it "
      "(tessera::loadBlas).");
  m.def("blas_loaded", &blasLoaded,
        "Whether a BLAS library is loaded (tessera::blasLoaded).");

  m.def(
      "has_derivative_rule",
      [](MlirContext context, const std::string &name) {
        return tesseraOpHasDerivativeRule(
            context, mlirStringRefCreate(name.data(), name.size()));
      },
      nb::arg("context").none(), nb::arg("name"),
      "Whether the op `name` states a derivative rule (a gradient, or that "
      "its operands get none).");

  m.def(
      "dtypes",
      [] {
        nb::list result;
        for (const DTypeInfo &info : dtypes())
          result.append(nb::make_tuple(info.name, info.mlirType,
                                       std::string(1, info.kind), info.bytes));
        return result;
      },
      "[(name, MLIR element type, NumPy kind, bytes)] of every dtype, from "
      "tessera/DTypes.def: the one dtype table.");

  BasicIndexSentinels sentinels = basicIndexSentinels();
  m.attr("BOUND_DYNAMIC") = sentinels.dynamic;
  m.attr("BOUND_OMITTED") = sentinels.omitted;
  m.attr("MATRIX_STRUCTURES") = nb::cast(matrixStructureNames());
  m.attr("LARGEST_ALLOCATION") = largestAllocation();

  m.def(
      "infer_result_types",
      [](MlirContext context, const std::string &name,
         const std::vector<MlirType> &operandTypes,
         const std::vector<std::optional<MlirAttribute>> &constants,
         std::optional<MlirAttribute> attributes, MlirLocation location) {
        std::vector<MlirAttribute> known;
        for (const std::optional<MlirAttribute> &constant : constants)
          known.push_back(constant ? *constant : MlirAttribute{nullptr});
        known.resize(operandTypes.size(), MlirAttribute{nullptr});
        std::vector<MlirType> results;
        std::string error;
        if (!inferResultTypes(context, name, operandTypes, known,
                              attributes ? *attributes : MlirAttribute{nullptr},
                              location, results, error))
          throw nb::value_error(error.c_str());
        return results;
      },
      nb::arg("context").none(), nb::arg("name"), nb::arg("operand_types"),
      nb::arg("constants"), nb::arg("attributes").none(),
      nb::arg("location").none(),
      "The result types the op `name` infers for operands of `operand_types` "
      "(with the known values `constants`, None where unknown) and "
      "`attributes` (a DictAttr or None); raises ValueError with the "
      "dialect's diagnostic.");
}
