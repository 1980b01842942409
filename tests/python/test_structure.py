"""The shape of the code base: the Python modules import each other without
cycles, and every op of the dialect is complete through every layer."""

import ast
import inspect
import re
from pathlib import Path

import tessera
import tessera.tensor as T
from tessera.dialects import _tessera_ops_gen

from test_ops import BINARY, STRUCTURAL, UNARY
from test_reductions import REDUCTIONS

PACKAGE = Path(tessera.__file__).parent
REPOSITORY = Path(__file__).resolve().parents[2]

# Ops that no Theano function builds: the lowering creates them.
INTERNAL_OPS = {"tessera.check": "created by the conversion for run-time checks",
                "tessera.yield": "the terminator of the regions of ifelse and scan",
                "tessera.crossentropy_softmax_1hot_dx": "created by the derivative rule of crossentropy_softmax_1hot "
                                                        "(tested through T.grad in test_nnet.py)",
                "tessera.crossentropy_categorical_1hot_grad": "created by the derivative rule of "
                                                              "crossentropy_categorical_1hot (tested through "
                                                              "T.grad in test_nnet.py)"}
# Ops that need no derivative rule: tessera-autodiff expands them first.
EXPANDED_BEFORE_DIFFERENTIATION = {"tessera.grad"}
# The one import done lazily, on purpose: evaluating a variable compiles it, and
# compiling sits above building graphs.
LAZY_IMPORTS = {("tessera.tensor.methods", "tessera.compile.function")}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(node: ast.AST, known: set[str]) -> set[str]:
    """The tessera modules an import statement names (a `from` import of a
    submodule names the submodule)."""
    names = set()
    if isinstance(node, ast.Import):
        names = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        names = {f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known else node.module
                 for alias in node.names}
    return {name for name in names if name in known}


def import_graph() -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    """Module-level imports between tessera modules, and those made inside functions."""
    files = {module_name(path): path for path in PACKAGE.rglob("*.py")}
    known = set(files) | {"tessera._tessera"}  # The native extension imports nothing of ours.
    graph, lazy = {}, set()
    for name, path in files.items():
        tree = ast.parse(path.read_text())
        graph[name] = set()
        for statement in tree.body:
            if isinstance(statement, ast.If) and "TYPE_CHECKING" in ast.unparse(statement.test):
                continue
            for node in ast.walk(statement):
                if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    for inner in ast.walk(node):
                        lazy |= {(name, target) for target in imported_modules(inner, known)}
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                for target in imported_modules(statement, known):
                    # Importing a.b.c runs the __init__ of a and a.b first,
                    # unless they are packages of the importer (already running).
                    parts = target.split(".")
                    parents = {".".join(parts[:i]) for i in range(1, len(parts))}
                    own = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 2)}
                    graph[name] |= {target} | (parents & known) - own
    return graph, lazy


def test_modules_import_each_other_without_cycles():
    graph, lazy = import_graph()
    visiting, done = [], set()

    def visit(module):
        if module in done:
            return
        assert module not in visiting, f"import cycle: {' -> '.join(visiting[visiting.index(module):] + [module])}"
        visiting.append(module)
        for target in graph.get(module, ()):
            visit(target)
        visiting.pop()
        done.add(module)

    for module in graph:
        visit(module)
    assert lazy == LAZY_IMPORTS


def test_layers_import_downwards():
    """graph -> tensor -> compile: building graphs never imports the compiler."""
    graph, _ = import_graph()
    for module, targets in graph.items():
        if module.startswith(("tessera.graph", "tessera.tensor", "tessera.dialects")):
            assert not any(t.startswith("tessera.compile") for t in targets), (module, targets)


def dialect_ops() -> set[str]:
    return {cls.OPERATION_NAME for _, cls in inspect.getmembers(_tessera_ops_gen, inspect.isclass)
            if getattr(cls, "OPERATION_NAME", "").startswith("tessera.")}


def test_every_op_has_a_python_builder_and_a_numpy_reference_row():
    covered = {f"tessera.{row[0]}" for row in STRUCTURAL + REDUCTIONS}
    for name, op, _, dtypes, *_ in BINARY + UNARY:
        def vector():
            return T.TensorType(dtypes[0], (False,))()
        required = [p for p in inspect.signature(op).parameters.values() if p.default is p.empty] \
            if not hasattr(op, "nin") else []
        arity = (op.nin or 2) if hasattr(op, "nin") else len(required)
        built = op(*[vector() for _ in range(arity)])
        assert built.owner.op.op_name == f"tessera.{name}", name
        covered.add(f"tessera.{name}")
    missing = dialect_ops() - covered - set(INTERNAL_OPS)
    assert not missing, f"ops without a Python builder and a NumPy-reference test row: {sorted(missing)}"


def test_every_op_states_a_derivative_rule():
    """A gradient, or the explicit statement that its operands get none."""
    from tessera import _tessera
    from tessera.dialects.tessera import shared_context

    missing = {name for name in dialect_ops() - set(INTERNAL_OPS) - EXPANDED_BEFORE_DIFFERENTIATION
               if not _tessera.has_derivative_rule(shared_context(), name)}
    assert not missing, f"ops without a derivative rule or a not-differentiable mark: {sorted(missing)}"


def test_every_op_round_trips_in_the_dialect_lit_test():
    text = (REPOSITORY / "tests" / "lit" / "Dialect" / "ops.mlir").read_text()
    printed = set(re.findall(r"\b(tessera\.\w+) ", text))
    missing = dialect_ops() - printed
    assert not missing, f"ops without a round-trip line in tests/lit/Dialect/ops.mlir: {sorted(missing)}"
