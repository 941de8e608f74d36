/** Statistics used to score macrostates and designs (rank correlation, robust summaries). */
package org.macronet.stats;
