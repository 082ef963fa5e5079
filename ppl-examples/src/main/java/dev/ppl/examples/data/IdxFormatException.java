package dev.ppl.examples.data;

/**
 * A file that is not a well-formed unsigned-byte IDX file, or whose contents disagree with a
 * companion file (a labels file with another count than its images file). The message has the
 * form {@code malformed IDX file <file>: <field> is <value>, expected <expected>; <remedy>}, and
 * {@link #file()} and {@link #field()} give the file and the field on their own.
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
        super("malformed IDX file " + file + ": " + field + " is " + value + ", expected " + expected + "; " + remedy);
        this.file = file;
        this.field = field;
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
