/**
 * Pictures of results: colour-mapped PNGs of 2-D fields and galleries of many patterns in one PNG
 * (BufferedImage + ImageIO, headless), written atomically.
 */
package org.macronet.report;
