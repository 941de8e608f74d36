/**
 * Physical systems with known answers that generate paired observations. Systems never depend on
 * the networks.
 */
package org.macronet.system;
