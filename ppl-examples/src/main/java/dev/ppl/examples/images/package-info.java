/**
 * PNG output: image grids (javax.imageio), scenes with the attention windows of inferred objects
 * drawn as boxes, and per-epoch charts of one or several series (JFreeChart).
 */
package dev.ppl.examples.images;
