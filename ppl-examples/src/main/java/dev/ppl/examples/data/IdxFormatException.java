package dev.ppl.examples.data;

/**
 * A file that is not a well-formed unsigned-byte IDX file, or whose contents disagree with a
 * companion file (a labels file with another count than its images file). The message has the
 * form {@code malformed IDX file <file>: <field> is <value>, expected <expected>; <remedy>}, and
 * {@link #file()} and {@link #field()} give the file and the field on their own. A text file read
 * beside IDX files (the labels of multi-MNIST) reports its errors with this type too, with
 * {@code malformed text file} in place of {@code malformed IDX file}.
 */
public final class IdxFormatException extends IllegalArgumentException {
    private final String file;
    private final String field;

    /**
     * An error about {@code field} of {@code file}.
     *
     * @param file the file, as the user named it (a path or a resource name)
     * @param field the header field or part of the file that is wrong, e.g. {@code "dimension 0 (bytes 4-7)"}
     * @param value what the file holds there
     * @param expected what a well-formed file holds there
     * @param remedy what the user can do about it
     */
    public IdxFormatException(String file, String field, String value, String expected, String remedy) {
        this("IDX", file, field, value, expected, remedy);
    }

    private IdxFormatException(String format, String file, String field, String value, String expected, String remedy) {
        super("malformed " + format + " file " + file + ": " + field + " is " + value + ", expected " + expected + "; " + remedy);
        this.file = file;
        this.field = field;
    }

    /** An error about {@code field} of the text file {@code file}; the parameters are those of the constructor. */
    public static IdxFormatException inText(String file, String field, String value, String expected, String remedy) {
        return new IdxFormatException("text", file, field, value, expected, remedy);
    }

    /** The file the error is about. */
    public String file() {
        return file;
    }

    /** The header field or part of the file that is wrong. */
    public String field() {
        return field;
    }
}
