/**
 * Negative controls for macrostate discovery: paired data whose X and Y share nothing (K = 0), though
 * each side has rich structure of its own.
 */
package org.macronet.system.controls;
