"""Compiling graphs: `function`, shared variables, and emission to MLIR."""
