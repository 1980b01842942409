"""MLIR Python bindings of Tessera's dialects."""
