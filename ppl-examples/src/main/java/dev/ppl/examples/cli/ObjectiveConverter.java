package dev.ppl.examples.cli;

import dev.ppl.examples.vae.ObjectiveSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses {@code --objective} values with {@link ObjectiveSpec#parse}, reporting errors as picocli conversion errors. */
final class ObjectiveConverter implements ITypeConverter<ObjectiveSpec> {
    @Override
    public ObjectiveSpec convert(String value) {
        try {
            return ObjectiveSpec.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
