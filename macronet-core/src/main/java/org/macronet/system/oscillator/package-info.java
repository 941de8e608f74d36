/**
 * Harmonic oscillators with exact solutions, and their paired observations: the 1-D oscillator
 * (shared: the energy), two independent oscillators (two energies) and the 2-D isotropic one
 * (energy, angular momentum, orbit orientation).
 */
package org.macronet.system.oscillator;
