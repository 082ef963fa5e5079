package dev.ppl.examples.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The top-level command {@code ppl-examples} with its subcommands, and the error policy: a bad
 * option value prints {@code <command>: <message> (see <command> --help)} and exits with 2; an
 * error while running (missing or malformed data file, an output that cannot be written, ...)
 * prints {@code <command>: error: <message>} and exits with 1. Neither prints a stack trace (it is
 * logged at debug level). Commands report errors only by throwing: a {@code ParameterException}
 * for a bad option value, any other exception for the rest.
 */
@Command(name = "ppl-examples", mixinStandardHelpOptions = true, version = "ppl-examples 0.1.0",
        description = "Variational inference examples on MNIST with the ppl library.",
        subcommands = {VaeCommand.class, IwaeCommand.class, DiscreteCommand.class, VarianceCommand.class, AirCommand.class,
                SsmCommand.class, BenchCommand.class})
public final class Commands implements Callable<Integer> {
    /** Exit code for a bad option value. */
    public static final int USAGE = 2;
    /** Exit code for an error while running. */
    public static final int FAILURE = 1;
    private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of vae, iwae, discrete, variance, air, ssm, bench");
    }

    /** Parses and runs {@code args}, printing to {@code out} and {@code err}; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Commands());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": " + ex.getMessage()
                    + " (see '" + c.getCommandSpec().qualifiedName() + " --help')");
            c.getErr().flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            LOG.debug("{} failed", c.getCommandSpec().qualifiedName(), ex);
            c.getErr().println(c.getCommandSpec().qualifiedName() + ": error: " + message(ex));
            c.getErr().flush();
            return FAILURE;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }
}
