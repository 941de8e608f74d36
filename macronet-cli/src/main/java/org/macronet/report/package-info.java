/**
 * Self-contained HTML reports and headless PNG charts (JFreeChart) of MacroNet experiments; the
 * library modules never depend on this package.
 */
package org.macronet.report;
