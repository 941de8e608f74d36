/**
 * Seeding: one root seed per run, split into independent named streams (initialisation, data,
 * shuffling, sampling). No global random state anywhere in MacroNet.
 */
package org.macronet.random;
