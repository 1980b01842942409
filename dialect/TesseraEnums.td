//===- TesseraEnums.td - Enumerations of the tessera dialect --------------===//

#ifndef TESSERA_ENUMS_TD
#define TESSERA_ENUMS_TD

include "mlir/IR/EnumAttr.td"

// What a failed run-time check reports to the caller: each kind is one row of
// the error table (docs/errors.md) and one Python exception.
def Tessera_CheckKindAttr : I32EnumAttr<"CheckKind",
    "the kind of error a failed run-time check reports", [
      I32EnumAttrCase<"value", 0>,   // ValueError: sizes that disagree
      I32EnumAttrCase<"index", 1>,   // IndexError: an index out of range
      I32EnumAttrCase<"memory", 2>,  // MemoryError: an allocation that fails
      I32EnumAttrCase<"linalg", 3>,  // numpy.linalg.LinAlgError: a singular
                                     // system or a failed factorisation
      I32EnumAttrCase<"nan_guard", 4>,  // AssertionError: NanGuardMode found
                                        // a NaN, an Inf or a huge value
    ]> {
  let cppNamespace = "::mlir::tessera";
}

// The structure of a linear system's matrix, which decides how it is solved.
def Tessera_MatrixStructureAttr : I32EnumAttr<"MatrixStructure",
    "the structure of a system's matrix", [
      I32EnumAttrCase<"general", 0>,
      I32EnumAttrCase<"lower_triangular", 1>,
      I32EnumAttrCase<"upper_triangular", 2>,
    ]> {
  let cppNamespace = "::mlir::tessera";
}

#endif // TESSERA_ENUMS_TD
