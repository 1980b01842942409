//===- Executable.cpp - Calling JIT-compiled functions --------------------===//
//
// The calling convention: every argument and result is a ranked memref
// descriptor { allocated, aligned, offset, sizes[rank], strides[rank] }, all
// 64-bit words. Inputs are described in place (no copy); results are buffers
// that compiled code allocated (RuntimeCalls.h) and whose ownership passes to
// the caller.
//
//===----------------------------------------------------------------------===//

#include "ExecutableImpl.h"

#include <cstdlib>

using namespace tessera;

const std::vector<DTypeInfo> &tessera::dtypes() {
  static const std::vector<DTypeInfo> table = {
#define TESSERA_DTYPE(enumerator, name, mlirType, kind, bytes)                 \
  {DType::enumerator, name, mlirType, kind, bytes},
#include "tessera/DTypes.def"
  };
  return table;
}

const char *tessera::dtypeName(DType dtype) {
  return dtypes()[static_cast<size_t>(dtype)].name;
}

size_t tessera::dtypeSize(DType dtype) {
  return dtypes()[static_cast<size_t>(dtype)].bytes;
}

int64_t Array::size() const {
  int64_t size = 1;
  for (int64_t extent : shape)
    size *= extent;
  return size;
}

Executable::Executable(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Executable::~Executable() = default;

const std::vector<FunctionSignature> &Executable::functions() const {
  return impl_->signatures;
}

const std::string &Executable::loweredIR() const {
  std::call_once(impl_->loweredIRPrinted, [&] {
    llvm::raw_string_ostream(impl_->loweredIR) << *impl_->loweredModule;
  });
  return impl_->loweredIR;
}

const std::string &Executable::pipeline() const { return impl_->pipeline; }

const std::vector<OptimizationStep> &Executable::optimizationSteps() const {
  return impl_->optimizationSteps;
}

bool Executable::requiresUnitInnerStrides() const {
  return impl_->unitInnerStrides;
}

int Executable::findFunction(std::string_view name) const {
  for (size_t i = 0; i < impl_->signatures.size(); ++i)
    if (impl_->signatures[i].name == name)
      return static_cast<int>(i);
  return -1;
}

namespace {

Status checkFailureStatus(const std::vector<RunTimeCheck> &checks,
                          const CheckFailure &failure) {
  if (failure.id < 0 || static_cast<size_t>(failure.id) >= checks.size())
    return Status::failure("a run-time check failed (id " +
                           std::to_string(failure.id) + ")");
  const RunTimeCheck &check = checks[failure.id];
  std::string text = check.message;
  for (auto [placeholder, value] :
       {std::pair<std::string, int64_t>{"{lhs}", failure.lhs},
        std::pair<std::string, int64_t>{"{rhs}", failure.rhs}})
    for (size_t at; (at = text.find(placeholder)) != std::string::npos;)
      text.replace(at, placeholder.size(), std::to_string(value));
  return Status::failure(text, check.kind);
}

size_t descriptorWords(size_t rank) { return 3 + 2 * rank; }

std::string shapeString(const int64_t *shape, size_t rank) {
  std::string text = "(";
  for (size_t i = 0; i < rank; ++i) {
    text += (shape[i] < 0 ? std::string("?") : std::to_string(shape[i]));
    if (i + 1 < rank || rank == 1)
      text += ",";
  }
  return text + ")";
}

Status checkInput(const FunctionSignature &signature, size_t index,
                  const ArrayView &input, bool unitInnerStrides) {
  const TensorType &expected = signature.inputs[index];
  std::string where =
      "input " + std::to_string(index) + " of '" + signature.name + "'";
  if (input.dtype != expected.dtype)
    return Status::failure(where + " has dtype " + dtypeName(input.dtype) +
                               ", expected " + dtypeName(expected.dtype),
                           ErrorKind::Type);
  if (static_cast<size_t>(input.rank) != expected.shape.size())
    return Status::failure(where + " has rank " + std::to_string(input.rank) +
                               ", expected " +
                               std::to_string(expected.shape.size()),
                           ErrorKind::Type);
  for (size_t dim = 0; dim < expected.shape.size(); ++dim)
    if (expected.shape[dim] >= 0 && input.shape[dim] != expected.shape[dim])
      return Status::failure(
          where + " has shape " + shapeString(input.shape, input.rank) +
          ", expected " +
          shapeString(expected.shape.data(), expected.shape.size()));
  if (unitInnerStrides && input.rank > 0 && input.shape[input.rank - 1] > 1 &&
      input.strides[input.rank - 1] != 1)
    return Status::failure(
        where + " has innermost stride " +
        std::to_string(input.strides[input.rank - 1]) +
        " (elements); this executable was compiled for unit innermost strides "
        "(CompileOptions::unitInnerStrides)");
  return Status::success();
}

} // namespace

Status Executable::call(std::string_view name,
                        const std::vector<ArrayView> &inputs,
                        std::vector<Array> &outputs) const {
  int index = findFunction(name);
  if (index < 0)
    return Status::failure("no function named '" + std::string(name) + "'");
  return call(index, inputs.data(), inputs.size(), outputs);
}

Status Executable::call(int index, const ArrayView *inputs, size_t numInputs,
                        std::vector<Array> &outputs) const {
  if (index < 0 || static_cast<size_t>(index) >= impl_->signatures.size())
    return Status::failure("no function with index " + std::to_string(index));
  const FunctionSignature &signature = impl_->signatures[index];
  if (numInputs != signature.inputs.size())
    return Status::failure("'" + signature.name + "' takes " +
                               std::to_string(signature.inputs.size()) +
                               " inputs, got " + std::to_string(numInputs),
                           ErrorKind::Type);

  // All descriptors live in one buffer; `args` points into it.
  size_t inputWords = 0, resultWords = 0;
  for (size_t i = 0; i < numInputs; ++i) {
    if (Status status =
            checkInput(signature, i, inputs[i], impl_->unitInnerStrides);
        !status)
      return status;
    inputWords += descriptorWords(inputs[i].rank);
  }
  for (const TensorType &output : signature.outputs)
    resultWords += descriptorWords(output.shape.size());
  std::vector<int64_t> words(inputWords + resultWords);
  std::vector<void *> descriptors(1 + numInputs);
  std::vector<void *> args(1 + numInputs);

  int64_t *cursor = words.data();
  descriptors[0] = cursor + inputWords;
  for (size_t i = 0; i < numInputs; ++i) {
    const ArrayView &input = inputs[i];
    descriptors[1 + i] = cursor;
    cursor[0] = cursor[1] = reinterpret_cast<int64_t>(input.data);
    cursor[2] = 0;
    std::copy(input.shape, input.shape + input.rank, cursor + 3);
    std::copy(input.strides, input.strides + input.rank,
              cursor + 3 + input.rank);
    cursor += descriptorWords(input.rank);
  }
  for (size_t i = 0; i < args.size(); ++i)
    args[i] = &descriptors[i];

  if (std::optional<CheckFailure> failure =
          runCall(impl_->entryPoints[index], args.data(), impl_->threads))
    return checkFailureStatus(impl_->checks, *failure);

  // Two results may share one allocation; it is freed once, with the last.
  size_t firstOutput = outputs.size();
  for (const TensorType &type : signature.outputs) {
    size_t rank = type.shape.size();
    void *allocated = reinterpret_cast<void *>(cursor[0]);
    auto *aligned = reinterpret_cast<char *>(cursor[1]);
    Array array;
    for (size_t i = firstOutput; i < outputs.size() && !array.buffer; ++i)
      if (outputs[i].buffer.get() == allocated)
        array.buffer = outputs[i].buffer;
    if (!array.buffer)
      array.buffer =
          std::shared_ptr<void>(allocated, _mlir_memref_to_llvm_free);
    array.data = aligned + cursor[2] * dtypeSize(type.dtype);
    array.dtype = type.dtype;
    array.shape.assign(cursor + 3, cursor + 3 + rank);
    array.strides.assign(cursor + 3 + rank, cursor + 3 + 2 * rank);
    outputs.push_back(std::move(array));
    cursor += descriptorWords(rank);
  }
  return Status::success();
}
