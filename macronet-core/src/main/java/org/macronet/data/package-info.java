/**
 * Data in and out: paired observations, file formats (NPY, CSV, JSON) and atomic output writing.
 */
package org.macronet.data;
