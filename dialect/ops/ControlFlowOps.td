//===- ControlFlowOps.td - Theano's ifelse and scan as region ops ---------===//
//
// The branches of `ifelse` and the step of `scan` are regions of the op, so
// that they are compiled, differentiated (`tessera-autodiff` calls the ops'
// rules, which differentiate their regions) and lowered to `scf` with the rest
// of the function: no interpreter runs a loop. Regions may use values from
// above; a region's value (a tensor of the op's result type, or one that
// casts to it: less static sizes) is given by `tessera.yield`.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_CONTROL_FLOW_TD
#define TESSERA_OPS_CONTROL_FLOW_TD

include "TesseraBase.td"
include "TesseraInterfaces.td"
include "mlir/Interfaces/ControlFlowInterfaces.td"
include "mlir/Interfaces/LoopLikeInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Tessera_IfElseOp : Tessera_Op<"ifelse", [RecursiveMemoryEffects,
    RecursivelySpeculatable, NoRegionArguments,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "the values of one of two regions, by a scalar condition";
  let description = [{
    Theano's lazy `ifelse`: only the region the condition selects runs (the
    `then` region when `condition` is true). Each region yields one value
    per result, of the result's type or a more static one.

    ```mlir
    %r = tessera.ifelse %c : tensor<i1> -> tensor<?xf64> {
      %a = tessera.exp %x : (tensor<?xf64>) -> tensor<?xf64>
      tessera.yield %a : tensor<?xf64>
    } else {
      tessera.yield %y : tensor<?xf64>
    }
    ```
  }];
  let arguments = (ins 0DTensorOf<[I1]>:$condition);
  let results = (outs Variadic<Tessera_Tensor>:$results);
  let regions = (region SizedRegion<1>:$thenRegion,
                        SizedRegion<1>:$elseRegion);
  let assemblyFormat = [{
    $condition `:` type($condition) (`->` type($results)^)? $thenRegion `else`
    $elseRegion attr-dict
  }];
  let hasVerifier = 1;
}

def Tessera_ScanOp : Tessera_Op<"scan", [RecursiveMemoryEffects,
    RecursivelySpeculatable,
    AttrSizedOperandSegments,
    DeclareOpInterfaceMethods<LoopLikeOpInterface>,
    DeclareOpInterfaceMethods<Tessera_DifferentiableOpInterface>]> {
  let summary = "a loop over steps with sequences and recurrent states";
  let description = [{
    Theano's `scan` in canonical form. The body runs `n_steps` times (at
    most: `until` ends it early). Its block arguments are, at step `i`:
    row `i` of each sequence, then for each recurrent state `j` its value
    `taps[j][t]` steps back, for each of its taps (negative, increasing).
    The states take their values before step 0 from the first `k` rows of
    their `initial_states` (`k` the largest distance back: row `k - t` is
    the value `t` steps before step 0). The body yields one value per result
    (the states first, then outputs that are not recurrent) and, with
    `until`, an i1 scalar that ends the loop after this step when true.

    Per result, `keep` says what the op returns: `all` (every step's value,
    stacked: a leading dimension of the number of steps run), `last` (the
    value of the last step; no step run fails an `index` check, as `[-1]`
    of the stacked values would) or `final` (a state's value after the loop:
    its initial value when no step ran). Only `all` stores a history; `last`
    and `final` take a state whose only tap is -1. `truncate_gradient` (-1:
    none) is Theano's: gradients flow back through that many last steps.

    Run-time checks: `n_steps` is not negative, each sequence has at least
    `n_steps` rows, each initial state has `k` rows and every step's value has the
    shape of the first (of the init, for a state).

    ```mlir
    %hs = tessera.scan steps(%n : tensor<i64>) sequences(%xs : tensor<?x?xf64>)
        initial(%h0 : tensor<1x?xf64>) {keep = ["all"], taps = [array<i64: -1>],
        truncate_gradient = -1 : i64} -> tensor<?x?xf64> {
    ^bb0(%x: tensor<?xf64>, %h: tensor<?xf64>):
      %s = tessera.add %x, %h : (tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
      tessera.yield %s : tensor<?xf64>
    }
    ```
  }];
  let arguments = (ins 0DTensorOf<[I64]>:$n_steps,
                       Variadic<Tessera_Tensor>:$sequences,
                       Variadic<Tessera_Tensor>:$initial_states,
                       TypedArrayAttrBase<DenseI64ArrayAttr,
                                          "taps of each state">:$taps,
                       StrArrayAttr:$keep, UnitAttr:$until,
                       DefaultValuedAttr<I64Attr, "-1">:$truncate_gradient);
  let results = (outs Variadic<Tessera_Tensor>:$results);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = [{
    `steps` `(` $n_steps `:` type($n_steps) `)`
    (`sequences` `(` $sequences^ `:` type($sequences) `)`)?
    (`initial` `(` $initial_states^ `:` type($initial_states) `)`)?
    attr-dict `->` type($results) $body
  }];
  let hasVerifier = 1;
  // Results nobody reads are dropped with what computes them.
  let hasCanonicalizer = 1;
  let extraClassDeclaration = [{
    /// What `keep` holds for each result.
    static constexpr ::llvm::StringLiteral kKeepAll = "all";
    static constexpr ::llvm::StringLiteral kKeepLast = "last";
    static constexpr ::llvm::StringLiteral kKeepFinal = "final";
    ::llvm::StringRef getKeep(unsigned result) {
      return ::llvm::cast<::mlir::StringAttr>(getKeepAttr()[result]).getValue();
    }
    /// The taps of state `state`.
    ::llvm::ArrayRef<int64_t> getStateTaps(unsigned state) {
      return ::llvm::cast<::mlir::DenseI64ArrayAttr>(getTaps()[state])
          .asArrayRef();
    }
    /// How many rows of its init state `state` reads: its largest distance back.
    int64_t getInitRows(unsigned state) { return -getStateTaps(state).front(); }
    unsigned getNumStates() { return getInitialStates().size(); }
    /// The block arguments of state `state`'s taps.
    ::mlir::Block::BlockArgListType getStateArguments(unsigned state);
    /// The block argument of each sequence's row.
    ::mlir::Block::BlockArgListType getSequenceArguments() {
      return getBody().front().getArguments().take_front(getSequences().size());
    }
    /// The stop condition the body yields, or null without `until`.
    ::mlir::Value getStopCondition();
    /// The values the body yields for the results.
    ::mlir::OperandRange getStepValues();
  }];
}

def Tessera_YieldOp : Tessera_Op<"yield", [Pure, ReturnLike, Terminator,
    ParentOneOf<["IfElseOp", "ScanOp"]>]> {
  let summary = "the values of a region of ifelse or scan";
  let arguments = (ins Variadic<Tessera_Tensor>:$values);
  let assemblyFormat = "attr-dict ($values^ `:` type($values))?";
}

#endif // TESSERA_OPS_CONTROL_FLOW_TD
