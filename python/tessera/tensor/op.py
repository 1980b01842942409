"""Ops that are one op of the tessera dialect, typed by the dialect.

`DialectOp.apply` asks the dialect for the result types of its op on the
inputs' types (the C++ shape function that the op's verifier also uses) and
`emit` creates that op; the Python graph holds no typing rule of its own.
"""

from __future__ import annotations

from typing import Sequence

from mlir import ir

from tessera.dialects import tessera as dialect
from tessera.graph import Apply, Op, Variable, user_source_line
from tessera.tensor.type import TensorConstant, TensorType


def check_static_size(op: DialectOp, type: TensorType) -> None:
    """A result whose static sizes already take more bytes than any buffer may
    is a MemoryError here, as it would be when the function runs."""
    if None in type.shape:
        return
    size = dialect.DTYPE_BYTES[type.dtype]
    for extent in type.shape:
        size *= extent
    if size > dialect.LARGEST_ALLOCATION:
        filename, line = user_source_line()
        raise MemoryError(f"Cannot allocate memory for the result of {op.op_name} (created at {filename}:{line}): "
                          f"its {size} bytes are more than 2**62")


class DialectOp(Op):
    """An op emitted as the dialect op `op_name` with `attributes()`."""

    op_name: str

    def attributes(self) -> dict[str, ir.Attribute]:
        """The op's attributes (built in the current MLIR context)."""
        return {}

    def uses_known_value(self, index: int) -> bool:
        """Whether the type of the result depends on operand `index`'s value when it
        is a constant (reshape's shape, alloc's sizes)."""
        return False

    def result_types(self, inputs: Sequence[Variable]) -> list[TensorType]:
        """The output types, as the dialect infers them. Raises ValueError naming
        the op, the dialect's reason and the user's source line."""
        with dialect.shared_context(), ir.Location.unknown():
            constants = [v.to_mlir_attribute() if isinstance(v, TensorConstant) and self.uses_known_value(i)
                         else None for i, v in enumerate(inputs)]
            try:
                types = dialect.infer_result_types(self.op_name, [v.type.to_mlir() for v in inputs],
                                                   constants, self.attributes())
            except ValueError as error:
                filename, line = user_source_line()
                if any(v.type.dtype in dialect.COMPLEX_DTYPES for v in inputs):
                    raise TypeError(f"{self} is not defined for complex numbers (created at {filename}:{line}; "
                                    f"inputs {', '.join(str(v.type) for v in inputs)})") from None
                raise ValueError(f"{error} (in {self} created at {filename}:{line}; "
                                 f"inputs {[str(v.type) for v in inputs]})") from None
            results = [TensorType.from_mlir(t) for t in types]
        for result in results:
            check_static_size(self, result)
        return results

    def apply(self, inputs: Sequence[Variable]) -> Apply:
        """The node of this op on `inputs`, typed by the dialect."""
        return Apply(self, inputs, self.result_types(inputs))

    def emit(self, emitter, node: Apply, inputs: Sequence[ir.Value]) -> list[ir.Value]:
        operation = ir.Operation.create(self.op_name, results=[o.type.to_mlir() for o in node.outputs],
                                        operands=list(inputs), attributes=self.attributes())
        return list(operation.results)

    def __str__(self) -> str:
        return self.op_name.removeprefix("tessera.")
