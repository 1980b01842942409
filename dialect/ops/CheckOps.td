//===- CheckOps.td - Run-time checks --------------------------------------===//
//
// Conditions that the lowering finds only at run time.
//
//===----------------------------------------------------------------------===//

#ifndef TESSERA_OPS_CHECK_TD
#define TESSERA_OPS_CHECK_TD

include "TesseraBase.td"
include "TesseraEnums.td"

def Tessera_CheckOp : Tessera_Op<"check",
    [MemoryEffects<[MemWrite<DefaultResource>]>]> {
  let summary = "a condition the rest of the function needs at run time";
  let description = [{
    Created by the lowering of ops whose sizes are only known at run time.
    `tessera-lower-checks` turns every check into a report: when `condition`
    is false the call stops there, and the caller gets an error
    of `kind` with `message`, in which `{lhs}` and `{rhs}` stand for the
    values of `lhs` and `rhs`. Generated code never aborts the process.
  }];
  let arguments = (ins Tessera_CheckKindAttr:$kind, I1:$condition, Index:$lhs,
                       Index:$rhs, StrAttr:$message);
  let assemblyFormat = [{
    $kind $condition `,` $lhs `,` $rhs `,` $message attr-dict
  }];
}

#endif // TESSERA_OPS_CHECK_TD
