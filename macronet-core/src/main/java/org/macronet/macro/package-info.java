/**
 * MacroNet: two invertible encoders whose first k outputs are the shared macrostate; training,
 * encoding, saving and loading.
 */
package org.macronet.macro;
