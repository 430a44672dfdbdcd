package dev.hallmark.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of a command run on the CA's host ({@code create-admin}, {@code verify-audit}, {@code backup},
 * {@code migrate-db}, {@code import-ca}): the command's own options as {@code --name value} or {@code --name=value},
 * {@code --data-dir DIR} for the service's data directory, and any setting of the service as {@code --key=value}
 * (e.g. {@code --spring.datasource.url=...}), which the command hands to Spring as the service would take it.
 *
 * @param options the command's own options given, by name without the dashes
 * @param dataDir the {@code --data-dir} given, or null
 * @param settings the service's settings given, as {@code --key=value}
 */
public record CommandArguments(Map<String, String> options, String dataDir, List<String> settings) {

    /** A command line that is not the command's: the message says what is wrong, for the usage lines after it. */
    public static final class UsageException extends Exception {

        UsageException(String message) {
            super(message);
        }
    }

    /** @param names the command's own options, each taking a value */
    public static CommandArguments parse(String[] args, String... names) throws UsageException {
        Set<String> own = Set.of(names);
        Map<String, String> options = new HashMap<>();
        String dataDir = null;
        List<String> settings = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2).split("=", 2)[0] : null;
            if (name == null || !own.contains(name) && !name.equals("data-dir")) {
                if (name == null || !arg.contains("=")) {
                    throw new UsageException("unexpected argument " + arg);
                }
                settings.add(arg); // a setting of the service
                continue;
            }
            String value;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new UsageException("option " + arg + " needs a value");
            }
            if (name.equals("data-dir")) {
                dataDir = value;
            } else {
                options.put(name, value);
            }
        }
        return new CommandArguments(Map.copyOf(options), dataDir, List.copyOf(settings));
    }

    /** The option's value, or null when it was not given. */
    public String option(String name) {
        return options.get(name);
    }

    /** The Spring arguments for the command's context: the settings, and the data directory as the service's. */
    public String[] springArgs() {
        List<String> args = new ArrayList<>(settings);
        if (dataDir != null) {
            args.add("--hallmark.data-dir=" + dataDir);
        }
        return args.toArray(String[]::new);
    }
}
