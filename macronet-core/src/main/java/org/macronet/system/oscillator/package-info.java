/**
 * The simple harmonic oscillator: exact trajectories and pairs of observations a random time lag
 * apart, whose shared macrostate is the energy.
 */
package org.macronet.system.oscillator;
