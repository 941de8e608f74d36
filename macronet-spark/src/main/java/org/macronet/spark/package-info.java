/**
 * The reaction–diffusion sweep as an Apache Spark job: samples in shards, one task per shard writing it
 * atomically to any Hadoop file system, a driver step that merges the shards into the usual sweep files.
 */
package org.macronet.spark;
