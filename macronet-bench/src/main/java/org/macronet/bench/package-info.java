/**
 * JMH benchmarks of MacroNet: training-step and encoding throughput in samples per second on the
 * oscillator defaults. Run with {@code macronet-bench/run}.
 */
package org.macronet.bench;
