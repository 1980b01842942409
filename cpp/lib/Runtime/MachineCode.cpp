//===- MachineCode.cpp - LLVM dialect to linked machine code --------------===//

#include "MachineCode.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/Threading.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ExecutionEngine/Orc/CompileUtils.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Transforms/Scalar/InstSimplifyPass.h"

#include <mutex>

using namespace mlir;

namespace {

/// Below this many ops per part, splitting costs more than the second thread
/// saves (a part carries every declaration and constant of the module).
constexpr size_t kMinOpsPerPart = 5000;

/// The most parts per compiling thread.
constexpr unsigned kPartsPerThread = 4;

/// The prefix of func-to-llvm's C interface of an entry point.
constexpr llvm::StringLiteral kCInterfacePrefix = "_mlir_ciface_";

/// A target machine for the host CPU, generating code at `level`, with every
/// vector extension the CPU has. One per thread: a TargetMachine is not
/// thread-safe.
llvm::Expected<std::unique_ptr<llvm::TargetMachine>>
hostTargetMachine(llvm::CodeGenOptLevel level) {
  static bool initialized = [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    return true;
  }();
  (void)initialized;
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(level);
  return builder->createTargetMachine();
}

size_t opCount(Operation *op) {
  size_t count = 0;
  op->walk([&](Operation *) { ++count; });
  return count;
}

/// `module`'s function definitions assigned to `parts` parts of about equal
/// size (largest first, each to the smallest part so far).
llvm::StringMap<unsigned> assignFunctions(ModuleOp module, unsigned parts) {
  SmallVector<std::pair<size_t, LLVM::LLVMFuncOp>> definitions;
  for (auto func : module.getOps<LLVM::LLVMFuncOp>())
    if (!func.isExternal())
      definitions.push_back({opCount(func), func});
  llvm::stable_sort(definitions,
                    [](const auto &a, const auto &b) { return a.first > b.first; });
  SmallVector<size_t> load(parts, 0);
  llvm::StringMap<unsigned> owner;
  for (auto [size, func] : definitions) {
    unsigned part = std::min_element(load.begin(), load.end()) - load.begin();
    load[part] += size;
    owner[func.getSymName()] = part;
  }
  return owner;
}

/// How many parts `module` is compiled in: one per `kMinOpsPerPart` ops, at
/// most `kPartsPerThread` per thread; one where a global would be defined
/// twice. Threads take the parts as they finish the previous ones: an op
/// count does not say how long LLVM takes on a function (a vector loop costs
/// it ten times what an entry function's descriptor bookkeeping does), so
/// parts of equal counts do not finish together.
unsigned partCount(ModuleOp module, unsigned threads) {
  for (auto global : module.getOps<LLVM::GlobalOp>())
    if (global.getLinkage() != LLVM::Linkage::Private &&
        global.getLinkage() != LLVM::Linkage::Internal)
      return 1;
  if (threads <= 1)
    return 1;
  size_t parts = opCount(module) / kMinOpsPerPart;
  return std::clamp<size_t>(parts, 1, threads * kPartsPerThread);
}

/// A module that defines the functions of `module` that `owner` gives `part`
/// and declares the others. Every function gets external linkage, as parts
/// call each other; local globals (constants) are copied into every part.
OwningOpRef<ModuleOp> modulePart(ModuleOp module,
                                 const llvm::StringMap<unsigned> &owner,
                                 unsigned part) {
  OwningOpRef<ModuleOp> copy = ModuleOp::create(module.getLoc());
  (*copy)->setAttrs(module->getAttrDictionary());
  OpBuilder builder = OpBuilder::atBlockEnd(copy->getBody());
  for (Operation &op : module.getBody()->getOperations()) {
    auto func = dyn_cast<LLVM::LLVMFuncOp>(op);
    if (!func) {
      builder.clone(op);
      continue;
    }
    bool defined = !func.isExternal() && owner.lookup(func.getSymName()) == part;
    auto copied = cast<LLVM::LLVMFuncOp>(
        defined ? builder.clone(op) : builder.insert(op.cloneWithoutRegions()));
    copied.setLinkage(LLVM::Linkage::External);
  }
  return copy;
}

/// Adds the packed wrapper of entry point `function` (its C interface) to its
/// module.
void addPackedWrapper(llvm::Function &function) {
  llvm::Module &module = *function.getParent();
  llvm::LLVMContext &context = module.getContext();
  llvm::IRBuilder<> builder(context);
  auto *wrapper = llvm::Function::Create(
      llvm::FunctionType::get(builder.getVoidTy(), {builder.getPtrTy()},
                              /*isVarArg=*/false),
      llvm::GlobalValue::ExternalLinkage,
      tessera::packedEntryPointName(
          function.getName().drop_front(kCInterfacePrefix.size())),
      module);
  builder.SetInsertPoint(llvm::BasicBlock::Create(context, "entry", wrapper));
  llvm::Value *args = wrapper->getArg(0);
  auto slot = [&](unsigned index) {
    llvm::Value *address =
        builder.CreateConstGEP1_64(builder.getPtrTy(), args, index);
    return builder.CreateLoad(builder.getPtrTy(), address);
  };
  SmallVector<llvm::Value *> operands;
  for (llvm::Argument &argument : function.args())
    operands.push_back(
        builder.CreateLoad(argument.getType(), slot(argument.getArgNo())));
  llvm::Value *result = builder.CreateCall(&function, operands);
  if (!result->getType()->isVoidTy())
    builder.CreateStore(result, slot(function.arg_size()));
  builder.CreateRetVoid();
}

/// Forwards what `module` reads out of the aggregates it builds (the fields of
/// memref descriptors) and drops the aggregates left unread. At -O0 LLVM
/// selects instructions with FastISel, which cannot select an aggregate: each
/// block that builds or reads one goes to SelectionDAG instead. On the 993-op
/// graph of bench/compile_time.py this takes 3 ms and saves 40 ms of
/// instruction selection, most of it in the entry function, which one thread
/// compiles alone.
void simplifyAggregates(llvm::Module &module, llvm::TargetMachine &machine) {
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager callGraph;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(&machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(callGraph);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, callGraph, modules);
  llvm::ModulePassManager passes;
  passes.addPass(
      llvm::createModuleToFunctionPassAdaptor(llvm::InstSimplifyPass()));
  passes.run(module, modules);
}

/// `part` as an object file: translated, wrapped, optimized and compiled.
llvm::Expected<std::unique_ptr<llvm::MemoryBuffer>>
compilePart(ModuleOp part, llvm::TargetMachine &machine, unsigned optLevel) {
  llvm::LLVMContext context;
  std::unique_ptr<llvm::Module> module = translateModuleToLLVMIR(part, context);
  if (!module)
    return llvm::createStringError("cannot translate the module to LLVM IR");
  module->setTargetTriple(machine.getTargetTriple());
  module->setDataLayout(machine.createDataLayout());
  SmallVector<llvm::Function *> entryPoints;
  for (llvm::Function &function : *module)
    if (!function.isDeclaration() &&
        function.getName().starts_with(kCInterfacePrefix))
      entryPoints.push_back(&function);
  for (llvm::Function *function : entryPoints)
    addPackedWrapper(*function);
  if (optLevel == 0) {
    simplifyAggregates(*module, machine);
  } else {
    auto optimize =
        makeOptimizingTransformer(optLevel, /*sizeLevel=*/0, &machine);
    if (llvm::Error error = optimize(module.get()))
      return std::move(error);
  }
  return llvm::orc::SimpleCompiler(machine)(*module);
}

} // namespace

std::string tessera::packedEntryPointName(llvm::StringRef name) {
  return (kCInterfacePrefix + name + "_packed").str();
}

llvm::Expected<std::unique_ptr<llvm::orc::LLJIT>>
tessera::compileToMachineCode(ModuleOp module,
                              const MachineCodeOptions &options,
                              const RuntimeSymbols &symbols) {
  unsigned parts = partCount(module, options.threads);
  // A module compiled whole keeps its private functions private (LLVM may
  // then specialize and drop their arguments); parts are copies.
  SmallVector<ModuleOp> modules;
  SmallVector<OwningOpRef<ModuleOp>> copies;
  if (parts == 1) {
    modules.push_back(module);
  } else {
    llvm::StringMap<unsigned> owner = assignFunctions(module, parts);
    for (unsigned part = 0; part < parts; ++part) {
      copies.push_back(modulePart(module, owner, part));
      modules.push_back(*copies.back());
    }
  }
  SmallVector<std::unique_ptr<llvm::TargetMachine>> machines;
  for (unsigned part = 0; part < parts; ++part) {
    auto machine = hostTargetMachine(options.codeGenLevel);
    if (!machine)
      return machine.takeError();
    machines.push_back(std::move(*machine));
  }

  SmallVector<std::unique_ptr<llvm::MemoryBuffer>> objects(parts);
  std::mutex errorsMutex;
  llvm::Error errors = llvm::Error::success();
  parallelFor(module.getContext(), 0, parts, [&](size_t part) {
    auto object = compilePart(modules[part], *machines[part],
                              options.optLevel);
    if (object) {
      objects[part] = std::move(*object);
      return;
    }
    std::lock_guard<std::mutex> lock(errorsMutex);
    errors = llvm::joinErrors(std::move(errors), object.takeError());
  });
  if (errors)
    return std::move(errors);

  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  llvm::orc::JITDylib &library = (*jit)->getMainJITDylib();
  auto process = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      (*jit)->getDataLayout().getGlobalPrefix());
  if (!process)
    return process.takeError();
  library.addGenerator(std::move(*process));
  llvm::orc::SymbolMap runtime;
  for (const auto &[name, address] : symbols)
    runtime[(*jit)->mangleAndIntern(name)] = {
        llvm::orc::ExecutorAddr::fromPtr(address),
        llvm::JITSymbolFlags::Exported};
  if (llvm::Error error =
          library.define(llvm::orc::absoluteSymbols(std::move(runtime))))
    return std::move(error);
  for (std::unique_ptr<llvm::MemoryBuffer> &object : objects)
    if (llvm::Error error = (*jit)->addObjectFile(std::move(object)))
      return std::move(error);
  return std::move(*jit);
}
