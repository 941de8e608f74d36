/**
 * The tensor engine behind MacroNet (DJL over PyTorch, CPU natives from Maven Central, offline).
 * Everything engine-specific (start-up, threads, seeding, devices, functions compiled from TorchScript,
 * per-thread gradient recording and data-parallel workers) is reached through this package.
 */
package org.macronet.engine;
