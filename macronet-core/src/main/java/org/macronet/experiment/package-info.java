/**
 * End-to-end experiments of the paper on systems with known answers: generate data, train MacroNet,
 * and score it against the ground truth.
 */
package org.macronet.experiment;
