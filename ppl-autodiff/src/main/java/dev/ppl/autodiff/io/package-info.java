/**
 * Atomic checkpoints of named parameters, optimizer state and metadata.
 */
package dev.ppl.autodiff.io;
