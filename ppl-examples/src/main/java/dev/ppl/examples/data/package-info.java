/** Image data: the IDX reader, the embedded MNIST subset and directories of IDX files, dynamic binarization. */
package dev.ppl.examples.data;
