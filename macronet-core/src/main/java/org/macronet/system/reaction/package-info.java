/**
 * Two-species reaction–diffusion models (Gray–Scott, Brusselator, Schnakenberg, Gierer–Meinhardt),
 * their linear (Turing) stability analysis, and a fast explicit-Euler simulator with batches and sweeps.
 */
package org.macronet.system.reaction;
