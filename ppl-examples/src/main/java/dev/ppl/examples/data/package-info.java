/**
 * Image data: the IDX reader, the embedded MNIST subset and directories of IDX files, dynamic
 * binarization, and the multi-MNIST scenes of "Attend, Infer, Repeat" with their object counts and
 * labels.
 */
package dev.ppl.examples.data;
