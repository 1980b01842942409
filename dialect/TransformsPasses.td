//===- TransformsPasses.td - Tessera transformations ----------------------===//
//
// Passes of cpp/lib/Transforms, one file each. The pipelines that compose
// them are in cpp/lib/Pipelines.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_TRANSFORMS_PASSES_TD
#define TESSERA_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def TesseraAutodiff : Pass<"tessera-autodiff"> {
  let summary = "Expand gradient ops into reverse-mode derivative code";
  let description = [{
    Replaces each `tessera.grad` by the vector-Jacobian products of the ops
    between its cost (or known gradients) and its `wrt` values, each built by
    the op's derivative rule (DifferentiableOpInterface), in reverse order at
    the gradient op: fan-out is accumulated, forward values are reused, and
    `wrt` values the cost does not depend on get zeros. A gradient op expands
    once no gradient op remains among the ops its cost is computed from, so
    gradients of gradients expand innermost first. An op on the path without
    a derivative rule is an error naming it. Canonicalization and CSE clean
    up what this pass emits.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def TesseraStabilize : Pass<"tessera-stabilize"> {
  let summary = "Rewrite literal formulas into numerically stable ops";
  let description = [{
    Theano's stability rewrites: `log(1 + x)` -> `log1p(x)`, `log(1 - x)` ->
    `log1p(-x)`, `exp(x) - 1` -> `expm1(x)`, `1 / (1 + exp(-x))` ->
    `sigmoid(x)`, `log(sigmoid(x))` -> `-softplus(-x)`, `log1p(-sigmoid(x))`
    (so `log(1 - sigmoid(x))`) -> `-softplus(x)`, `log1p(exp(x))` (so
    `log(1 + exp(x))`) -> `softplus(x)`, `log(softmax(x))` -> `logsoftmax(x)`, `exp(x) /
    sum(exp(x))` (also of `x - max(x)`) -> `softmax(x)`, `log(sum(exp(x)))`
    -> the max-shifted log-sum-exp, and the cross-entropy of a softmax ->
    `crossentropy_softmax_1hot`. Float tensors only, and only where the
    rewrite keeps the result's type. Values a `tessera.grad` refers to are
    left alone, so the pass may run before `tessera-autodiff` (and should:
    gradients are then taken of the stable forms).
  }];
  let options = [
    ListOption<"disabledPatterns", "disable-patterns", "std::string",
               "Patterns (by name) not to apply">,
    ListOption<"enabledPatterns", "enable-patterns", "std::string",
               "The only patterns (by name) to apply">,
    Option<"testBrokenRewrite", "test-broken-rewrite", "bool", "false",
           "Add a deliberately wrong pattern (log1p(x) -> log(x)), named "
           "TestBrokenRewrite, for testing DEBUG_MODE">,
  ];
}

def TesseraNanGuard : Pass<"tessera-nan-guard", "ModuleOp"> {
  let summary = "Check every float value for NaN, Inf and huge values";
  let description = [{
    Theano's NanGuardMode. After each tessera op of a function's body (and
    at entry, for each input), a `tessera.check` of kind `nan_guard` tests
    the float results for NaN (`check-nan`), infinities (`check-inf`) and
    magnitudes above 1e10 (`check-big`). The first failing check ends the
    call; its message names the op that produced the value, where it was
    created, and the values it was computed from. Runs after the
    optimization phase, on the ops that will run.
  }];
  let options = [
    Option<"checkNan", "check-nan", "bool", "true", "NaN is an error">,
    Option<"checkInf", "check-inf", "bool", "true", "Inf is an error">,
    Option<"checkBig", "check-big", "bool", "true",
           "A magnitude above 1e10 is an error">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::tensor::TensorDialect"];
}

def TesseraScanKeepLast : Pass<"tessera-scan-keep-last"> {
  let summary = "Keep only the last step of scan results that only [-1] reads";
  let description = [{
    A result of `tessera.scan` that keeps all steps, whose only uses read its
    last row (`tessera.subtensor %r[-1]`, Theano's `out[-1]`), keeps only its
    last value instead (`keep = "last"`): the loop carries it and stores no
    history, so memory does not grow with the number of steps. Only states
    whose one tap is -1 and outputs that are not states qualify. It runs
    after `tessera-autodiff`: a backward scan reads the histories it needs
    otherwise than by `[-1]`, so the rewrite leaves them alone.
  }];
}

def TesseraAccumulateIntoContractions
    : Pass<"tessera-accumulate-into-contractions"> {
  let summary = "Sum a value with a product by accumulating the product into it";
  let description = [{
    An elementwise `linalg.generic` sum `x + c`, where `c` is the only use of
    a contraction (`linalg.matmul` and its family) started from a zero fill,
    becomes the contraction accumulating into `x` (Theano's `gemm`): the sum's
    loop and buffer go, an accumulator carried by a loop is updated in place,
    and BLAS is called with beta = 1. Applies when `x` has the product's type
    and is defined before the contraction; sums that broadcast are left
    alone. Upstream's FoldAddIntoDest does this for the named `linalg.add`.
  }];
  let dependentDialects = ["linalg::LinalgDialect"];
}

def TesseraFuseElementwise : Pass<"tessera-fuse-elementwise"> {
  let summary = "Fuse elementwise linalg ops, also producers with several users";
  let description = [{
    Upstream's elementwise fusion of `linalg.generic` ops on tensors
    (`linalg::populateElementwiseOpsFusionPatterns`), whose control also
    fuses a producer that has other users: the fused op keeps the producer's
    result as an extra result, so nothing is computed twice. Such a producer
    is fused only into an all-parallel consumer that reads it through a
    permutation and comes before its other users in the same block. A graph
    of elementwise ops becomes a few multi-result loops rather than one per
    value used twice.
  }];
  let dependentDialects = ["linalg::LinalgDialect", "affine::AffineDialect"];
}

def TesseraOutlineLoops : Pass<"tessera-outline-loops", "ModuleOp"> {
  let summary = "Move each top-level loop nest into a function of its own";
  let description = [{
    Every `scf.for` or `scf.parallel` without results at the top of a
    function's body, and every `scf.if` without results that holds a loop
    (a product's choice between BLAS and scalar loops), becomes
    a call of a new private function holding it (upstream's
    `outlineSingleBlockRegion`), marked `noinline` for LLVM. LLVM's function
    passes recompute their analyses over a whole function for each loop they
    transform, so one function holding every loop nest of a large graph
    compiles in time quadratic in the graph; small functions compile in
    linear time (so does upstream's convert-scf-to-cf, which splits the
    function's block at each `scf.if` it lowers). A function with fewer than
    `min-loops` such loop nests stays whole: each function costs LLVM's code
    generator a fixed setup.
  }];
  let options = [
    Option<"minLoops", "min-loops", "int64_t", "8",
           "Outline the loops of functions that have at least this many">,
  ];
  let dependentDialects = ["func::FuncDialect", "scf::SCFDialect"];
}

def TesseraParallelizeLoops
    : Pass<"tessera-parallelize-loops", "ModuleOp"> {
  let summary = "Move parallel loops into bodies the runtime's threads run";
  let description = [{
    Each outermost `scf.parallel` without results (the tile loops of
    tessera-vectorize, the loops of convert-linalg-to-parallel-loops) whose
    body calls nothing and allocates nothing (a worker thread has no call
    frame for the runtime) moves into a private function, the loop's
    *parallel body*:

      func.func private @<f>_parallel<N>(%begin: index, %end: index,
          %step: index, %work: index, <captured values>...)
          attributes {tessera.parallel_body = <min-work> : i64}

    which runs the loop with its first dimension narrowed to
    [%begin, %end). The loop becomes a call of that function over its whole
    first dimension, with `%work` the elements the loop nest touches (the
    product of its loops' extents; sibling loops add up), so that the call
    alone already computes the loop: tessera-lower-parallel-calls turns it
    into a call of the runtime, which splits the range over threads when the
    work is at least the runtime's threshold. Loops whose work is known to
    be below `min-work` stay as they are.
  }];
  let options = [
    Option<"minWork", "min-work", "int64_t", "200000",
           "Leave loops with fewer elements than this, when it is known at "
           "compile time, on one thread">,
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::func::FuncDialect",
                           "::mlir::scf::SCFDialect"];
}

def TesseraLowerParallelCalls
    : Pass<"tessera-lower-parallel-calls", "ModuleOp"> {
  let summary = "Call parallel bodies through the runtime's worker threads";
  let description = [{
    On the LLVM dialect: the call of a parallel body (a function marked
    `tessera.parallel_body` by tessera-parallelize-loops) stores in a stack
    record the step and the captured values the body uses, and calls the
    runtime's `TesseraDialect::getParallelForFunctionName()` with the body,
    the record, the loop's bounds, step and work, and the body's `min-work`
    (the attribute's value): loops with less work run on the calling thread.
    The body becomes the task `(ptr record, i64 begin, i64 end)` that reads
    the record. After its extractvalue ops are folded, the descriptor fields
    it never reads are not recorded; captured constants are copied into it,
    and a value captured twice is recorded once.
  }];
  let dependentDialects = ["::mlir::LLVM::LLVMDialect"];
}

def TesseraExportFunctions : Pass<"tessera-export-functions", "ModuleOp"> {
  let summary = "Give public functions the C interface the runtime calls";
  let description = [{
    Marks every public `func.func` with `llvm.emit_c_interface`, so that the
    LLVM lowering emits `_mlir_ciface_<name>`, which takes and returns memref
    descriptors by pointer: the calling convention of Tessera's runtime.
    Every tensor argument gets `bufferization.writable = false`: the
    caller's arrays are read-only, so an op that updates an argument (e.g.
    `set_subtensor`) updates a copy.

    With `unit-inner-strides`, each tensor argument of rank >= 1 also gets
    `bufferization.buffer_layout = strided<[?, ..., ?, 1], offset: ?>`: its
    innermost dimension is contiguous, so vectorized code loads whole vectors.
    The runtime then refuses arguments whose innermost stride is not 1.
  }];
  let options = [
    Option<"unitInnerStrides", "unit-inner-strides", "bool", /*default=*/"false",
           "Assume arguments are contiguous in their innermost dimension">,
  ];
}

def TesseraLowerChecks : Pass<"tessera-lower-checks", "ModuleOp"> {
  let summary = "Turn tessera.check ops into calls that report a failure";
  let description = [{
    A check whose condition a check that dominates it already tested (the
    same pure computation of the same values) is dropped: it can never fail.
    Checks whose conditions are shape arithmetic (sizes of arguments,
    constants) move to the front of their block, ahead of any computation.
    Then each check becomes `scf.if` on its condition being false, which
    calls `tessera_check_failed(id, lhs, rhs)` (provided by Tessera's
    runtime, declared `noreturn`): the runtime unwinds to the entry of the
    call, frees the buffers the call allocated and reports the check. So a
    check guards nothing and yields nothing, in any region, and the code it
    protects keeps its structure (and its buffers' simple ownership). Check
    `id` indexes the module's table of checks (`tessera.checks`: kind and
    message), which runs of this pass extend. Checks whose condition is a
    constant true disappear. The pass runs on tensors (after the conversion)
    and on memrefs (after `tessera-check-allocations`).
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def TesseraContractionsToBlas
    : Pass<"tessera-contractions-to-blas", "ModuleOp"> {
  let summary = "Call the runtime's BLAS for large matrix products";
  let description = [{
    Every f32 and f64 `linalg.matmul`, `batch_matmul`, `matvec` and `vecmat`
    on buffers (with the default indexing maps) of at least `min-flops`
    multiply-adds becomes a call of the runtime's BLAS function
    (`TesseraDialect::getBlasFunctionName`, C interface of memrefs, operands
    cast to fully dynamic strides). Smaller products stay: they are faster
    as generated code. With dynamic sizes the choice is made at run time,
    in an `scf.if` that keeps the product in its else branch.

    An operand that is a buffer written only by a 2-D transposing copy
    (`linalg.generic` yielding its input through swapped maps) is read
    through a `memref.transpose` view of the copy's source instead, and the
    copy goes; a result zero-filled just before is not filled (the call
    overwrites it, BLAS's beta = 0). The small path of a run-time choice is
    scalar loops (`linalg::linalgOpToLoops`): vectorizing a product of fewer
    than `min-flops` multiply-adds gains nothing and costs LLVM ten times the
    compile time.
  }];
  let options = [
    Option<"minFlops", "min-flops", "int64_t", "256",
           "Call BLAS for products of at least this many multiply-adds">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::scf::SCFDialect",
  ];
}

def TesseraSplitDeallocations : Pass<"tessera-split-deallocations"> {
  let summary = "One `bufferization.dealloc` per distinct allocation";
  let description = [{
    Splits each `bufferization.dealloc` whose memrefs are all allocations
    (values an op allocates) or views of them into one dealloc per memref
    whose allocation no other of its memrefs shares, plus one of the rest.
    Each piece retains what the dealloc retained; the ownership it returns is
    the disjunction of the pieces'. A dealloc with a memref of unknown origin
    (a block argument, a call's result) is left whole.

    Ownership-based deallocation frees a straight-line function's buffers in
    one dealloc at its end; upstream's `buffer-deallocation-simplification`
    makes the same split by comparing every pair of memrefs, quadratic in the
    function's buffers. Run before it, this pass leaves it single-memref
    deallocs, in time linear in the memrefs.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def TesseraCheckAllocations : Pass<"tessera-check-allocations", "ModuleOp"> {
  let summary = "Check the size and the success of every buffer allocation";
  let description = [{
    Before each `memref.alloc`, a `memory` check that its byte count
    (element size times every size) is representable (at most 2^62), so the
    allocation's size arithmetic cannot wrap around, and a call of the
    runtime's `tessera_allocation_site(id, bytes)`: when the allocator then
    cannot provide the buffer, it reports check `id` of the module's table
    (`memory`: out of memory), so a failed allocation reports a MemoryError
    instead of writing through a null pointer, and compiled code tests no
    pointer. The checks name the tessera op the buffer was lowered from (its
    `NameLoc`) and the user's line; `tessera-lower-checks` turns the size
    checks into reports.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::func::FuncDialect",
    "::mlir::memref::MemRefDialect",
    "::mlir::tessera::TesseraDialect",
  ];
}

def TesseraWidenBoolMemRefs : Pass<"tessera-widen-bool-memrefs", "ModuleOp"> {
  let summary = "Store memrefs of i1 as memrefs of i8";
  let description = [{
    MLIR's LLVM lowering cannot load or store `i1` memrefs, yet upstream's
    deallocation lowering creates them (ownership flags). This pass gives every
    `memref<...xi1>` one byte per element, as NumPy stores bools: loads
    truncate to `i1`, stores zero-extend, and functions, calls and other ops
    that only pass such memrefs along get the new type.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TesseraVectorize : Pass<"tessera-vectorize", "func::FuncOp"> {
  let summary = "Tile linalg ops and vectorize the tiles, masking only the last";
  let description = [{
    Elementwise `linalg.generic` ops (every iterator parallel), fills and the
    contractions of `dot` are tiled with `scf.for` so that each tile is at
    most one vector wide in the innermost dimension (512 bits), and each tile
    is vectorized by `linalg::vectorize` with those vector sizes. The
    innermost tile loop is peeled first (`scf::peelForLoopAndSimplifyBounds`):
    its full tiles become plain vector loads and stores, and only the last,
    partial tile is masked, in an `scf.if` (it runs at most once). With
    `mask-full-tiles`, loops are not peeled: every tile is masked, in one
    loop, for targets where masks are free (AVX-512), and LLVM compiles half
    the code; a masked read feeding a reduction pads with the reduction's
    neutral element. Reductions that compute a math function stay peeled:
    their vector loops call libmvec, which clobbers the mask registers.
    Other linalg ops stay for `convert-linalg-to-loops`.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", /*default=*/"512",
           "Bits of one vector of the innermost dimension">,
    Option<"maskFullTiles", "mask-full-tiles", "bool", /*default=*/"false",
           "Mask the full tiles too, in one loop, instead of peeling the "
           "last tile (not in reductions that compute math functions)">,
  ];
  let dependentDialects = [
    "::mlir::affine::AffineDialect",
    "::mlir::arith::ArithDialect",
    "::mlir::scf::SCFDialect",
    "::mlir::tensor::TensorDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def TesseraLowerVectorOps : Pass<"tessera-lower-vector-ops"> {
  let summary = "Lower high-level vector ops to what LLVM conversion takes";
  let description = [{
    First drops vectors' leading unit dimensions (upstream's cast-away and
    drop-unit-dims patterns), so that a row tile's `vector<1x16xf32>`
    becomes a `vector<16xf32>` and its transfers 1-D loads and stores. Then
    applies MLIR's vector lowering patterns: contractions become outer
    products and FMAs, multi-reductions inner reductions, and transposes,
    broadcasts, shape casts, masks and permuted transfers their 1-D forms, so
    that `convert-vector-to-scf` and `convert-vector-to-llvm` see only ops
    they lower. A gather from a strided memref (which LLVM's masked gather
    cannot take) reads a unit-stride view of the same buffer, with its
    indices scaled by the inner stride.
  }];
  let dependentDialects = ["::mlir::vector::VectorDialect",
                           "::mlir::arith::ArithDialect",
                           "::mlir::memref::MemRefDialect"];
}

def TesseraApproximateMath : Pass<"tessera-approximate-math"> {
  let summary = "Polynomial approximations of math functions";
  let description = [{
    Applies those of MLIR's polynomial approximations that are within 4 ulp
    in f32 (exp, expm1, log1p, erf) to f32 math ops, scalar or vector, so
    that vectorized loops compute them in vector registers instead of calling
    the scalar C library once per lane. f32 tanh has our own pattern, within
    2 ulp (upstream's is up to 4.3 ulp off). The other functions are left to
    tessera-math-to-libmvec, which runs first, or to the C library.
  }];
  let dependentDialects = [
    "::mlir::arith::ArithDialect",
    "::mlir::math::MathDialect",
    "::mlir::vector::VectorDialect",
  ];
}

def TesseraMathToLibmvec : Pass<"tessera-math-to-libmvec", "ModuleOp"> {
  let summary = "Call glibc's vector math library for math ops on vectors";
  let description = [{
    LLVM has no vector code for most math functions: a `math.sin` on
    `vector<8xf64>` becomes eight calls of the scalar C library. This pass
    calls glibc's vector math library (libmvec) instead, by the x86 vector
    function ABI names (`_ZGVeN8v_sin` for 8 f64 lanes under AVX-512): each
    vector is cut into (or padded to) the ISA's width, one call per piece.

    Every f64 function libmvec has is called; in f32, only those upstream's
    polynomial approximations (`tessera-approximate-math`, which runs after
    this pass) miss or compute less accurately than libmvec. Scalar math ops
    are left alone. `isa` names the vector extension the code runs on:
    `avx512`, `avx2`, `sse4` (the SSE4 variants), or `none` (nothing
    changes). The JIT picks the host's, or `none` without libmvec.
  }];
  let options = [
    Option<"isa", "isa", "std::string", /*default=*/"\"avx512\"",
           "Vector extension: avx512, avx2, sse4 or none">,
  ];
  let dependentDialects = ["::mlir::func::FuncDialect",
                           "::mlir::ub::UBDialect",
                           "::mlir::vector::VectorDialect"];
}

def TesseraCopiesToLinalg : Pass<"tessera-copies-to-linalg"> {
  let summary = "Rewrite memref.copy as linalg.copy";
  let description = [{
    `memref.copy` between strided memrefs lowers to a call into MLIR's C
    runner-utils library; as `linalg.copy` it becomes loops in the compiled
    code instead, which needs no run-time library on the CPU and can run on a
    GPU. Copies come from returning a buffer the function does not own (an
    argument or a constant): the deallocation pipeline clones it.
  }];
  let dependentDialects = ["::mlir::linalg::LinalgDialect"];
}

#endif // TESSERA_TRANSFORMS_PASSES_TD
