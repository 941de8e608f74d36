/**
 * Data in and out: paired observations, NumPy .npy arrays (read and write) and atomic writes (a
 * temporary file in the same folder, renamed into place), so outputs are never half-written.
 */
package org.macronet.data;
