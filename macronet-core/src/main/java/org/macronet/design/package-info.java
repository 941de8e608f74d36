/**
 * Inverse design on a trained MacroNet: which input coordinates a macrostate pins down (parameter
 * importance), from design spread and from the encoder's gradient.
 */
package org.macronet.design;
