/**
 * The known-answer systems by name (positive systems with their number of shared invariants, and
 * negative controls that share nothing), for export and for tests of macrostate discovery.
 */
package org.macronet.system.catalog;
