/**
 * Mechanical systems with known invariants: the torque-free rigid body (Euler's equations, integrated
 * with classical Runge–Kutta) and its pairs of observations a random time lag apart.
 */
package org.macronet.system.mechanics;
