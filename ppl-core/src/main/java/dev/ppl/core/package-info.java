/**
 * Generative functions and the Generative Function Interface: addresses, choice maps, selections, traces, and the operations simulate, assess, generate, update and regenerate. {@link dev.ppl.core.Gen#fn} is the dynamic modeling language.
 */
package dev.ppl.core;
