/** PNG output: image grids (javax.imageio) and training curves (JFreeChart). */
package dev.ppl.examples.images;
