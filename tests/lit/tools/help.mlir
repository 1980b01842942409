// RUN: tessera-opt --help | FileCheck %s
// The tessera passes and pipelines are registered with the CLI.

// CHECK-DAG: --convert-tessera-to-linalg
// CHECK-DAG: --tessera-cpu-pipeline
// CHECK-DAG: --tessera-export-functions
