// RUN: tessera-opt --help | FileCheck %s
// Every tessera pass and pipeline is registered with the CLI.

// CHECK-DAG: --convert-tessera-to-linalg
// CHECK-DAG: --tessera-approximate-math
// CHECK-DAG: --tessera-copies-to-linalg
// CHECK-DAG: --tessera-export-functions
// CHECK-DAG: --tessera-lower-checks
// CHECK-DAG: --tessera-lower-vector-ops
// CHECK-DAG: --tessera-math-to-libmvec
// CHECK-DAG: --tessera-vectorize
// CHECK-DAG: --tessera-widen-bool-memrefs
// CHECK-DAG: --tessera-stabilize
// CHECK-DAG: --tessera-nan-guard
// CHECK-DAG: --tessera-autodiff
// CHECK-DAG: --tessera-scan-keep-last
// CHECK-DAG: --tessera-fuse-elementwise
// CHECK-DAG: --tessera-accumulate-into-contractions
// CHECK-DAG: --tessera-outline-loops
// CHECK-DAG: --tessera-contractions-to-blas
// CHECK-DAG: --tessera-parallelize-loops
// CHECK-DAG: --tessera-lower-parallel-calls
// CHECK-DAG: --tessera-cpu-pipeline
// CHECK-DAG: --tessera-check-allocations
// CHECK-DAG: --tessera-split-deallocations
// CHECK-DAG: --tessera-optimize-pipeline
// CHECK-DAG: --tessera-conversion-pipeline
// CHECK-DAG: --tessera-cpu-backend-pipeline
