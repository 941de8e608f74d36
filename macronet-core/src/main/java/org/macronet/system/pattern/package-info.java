/**
 * Descriptors of a 2-D periodic field: patterned or uniform, dominant wavelength (radially averaged power
 * spectrum), coverage, and a morphology family (uniform, spots, stripes, labyrinth) from torus components.
 */
package org.macronet.system.pattern;
