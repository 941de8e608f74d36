/**
 * Reports of MacroNet runs: self-contained HTML pages, headless PNG charts (JFreeChart), colour-mapped
 * images of 2-D fields and pattern galleries. The library modules never depend on this package.
 */
package org.macronet.report;
