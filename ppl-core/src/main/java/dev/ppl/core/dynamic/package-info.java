/**
 * The dynamic modeling language: a generative function is a body over a {@link dev.ppl.core.GenContext}, run under one handler per GFI operation.
 */
package dev.ppl.core.dynamic;
