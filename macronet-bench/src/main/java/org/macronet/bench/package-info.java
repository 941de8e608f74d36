/**
 * JMH benchmarks of MacroNet: training-step and encoding throughput on the oscillator defaults (samples per
 * second) and on the Turing preset's image networks (images per second), and of the reaction-diffusion
 * stepper. Run with {@code macronet-bench/run}; {@code scripts/bench-vs-pytorch.sh} sets them beside PyTorch.
 */
package org.macronet.bench;
