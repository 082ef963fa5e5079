/** The picocli commands ({@code vae}, {@code iwae}, {@code discrete}, {@code bench}), their options, training session and progress bar. */
package dev.ppl.examples.cli;
