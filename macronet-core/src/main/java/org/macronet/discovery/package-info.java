/**
 * Deciding whether two observations share a macrostate, and how many coordinates it has: evidence
 * against chance (permutation nulls), the K search, nearest-neighbour scores and input checks.
 */
package org.macronet.discovery;
