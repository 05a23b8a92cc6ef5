package dev.nvsgen.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Names the argument a bad command line went wrong at when it is an option or a subcommand nvsgen does not
 * have: {@code unknown option '--outidr' (did you mean '--outdir'?)}. picocli's own message is about what
 * the mistake did rather than what it was (a mistyped option after the positionals reads as a value, and
 * the error is then about how many positionals there are), so the command line is scanned again against
 * the command's model: the options declared on the command and its parents, its subcommands' names.
 * Suggestions come from the edit distance to those names, so new options and commands get them too.
 */
final class UnknownArguments {
    private UnknownArguments() {}

    /**
     * The message for the first unknown option or subcommand in {@code args} for the command {@code failed}
     * (where picocli's parse stopped), or null when every option and subcommand is one it has.
     */
    static String describe(CommandLine failed, String[] args) {
        List<CommandSpec> chain = new ArrayList<>();
        for (CommandSpec s = failed.getCommandSpec(); s != null; s = s.parent()) {
            chain.add(0, s);
        }
        // Walk the command line as picocli does: each command's arguments up to its subcommand's name.
        int level = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return null;
            }
            if (a.startsWith("@")) {
                // An argument file: what it holds is not on this command line.
                return null;
            }
            CommandSpec spec = chain.get(level);
            if (level + 1 < chain.size() && isName(chain.get(level + 1), a)) {
                level++;
                continue;
            }
            if (a.length() > 1 && a.charAt(0) == '-' && !isNumber(a)) {
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                OptionSpec option = find(chain, level, name);
                if (option == null && a.length() > 2 && a.charAt(1) != '-' && !a.contains("=")) {
                    // -xVALUE: a short option with its value attached.
                    option = find(chain, level, a.substring(0, 2));
                    if (option != null) {
                        continue;
                    }
                }
                if (option == null) {
                    return "unknown option '" + name + "'" + suggestion(name, optionNames(chain, level));
                }
                if (!a.contains("=") && option.arity().min() > 0 && i + 1 < args.length) {
                    i++; // its value, whatever it looks like
                }
                continue;
            }
            if (!spec.subcommands().isEmpty()
                    && level == chain.size() - 1
                    && !spec.subcommands().containsKey(a)) {
                // The command takes a subcommand and this is not one of them.
                if (spec.positionalParameters().isEmpty()) {
                    List<String> names = new ArrayList<>(spec.subcommands().keySet());
                    String hint = suggestion(a, names);
                    return "unknown command '" + a + "'"
                            + (hint.isEmpty() ? " (commands: " + String.join(", ", names) + ")" : hint);
                }
            }
        }
        return null;
    }

    private static boolean isName(CommandSpec spec, String a) {
        if (spec.name().equals(a)) {
            return true;
        }
        for (String alias : spec.aliases()) {
            if (alias.equals(a)) {
                return true;
            }
        }
        return false;
    }

    /** A negative number, which a value may be, rather than an option. */
    private static boolean isNumber(String a) {
        return a.length() > 1 && Character.isDigit(a.charAt(1));
    }

    /** The option {@code name} of the command at {@code level}, or one its parents pass down to it. */
    private static OptionSpec find(List<CommandSpec> chain, int level, String name) {
        OptionSpec o = chain.get(level).findOption(name);
        // findOption also matches a name given with other dashes (-outdir for --outdir): only its own spellings.
        if (o != null && List.of(o.names()).contains(name)) {
            return o;
        }
        for (int l = level - 1; l >= 0; l--) {
            OptionSpec p = chain.get(l).findOption(name);
            if (p != null
                    && p.scopeType() == CommandLine.ScopeType.INHERIT
                    && List.of(p.names()).contains(name)) {
                return p;
            }
        }
        return null;
    }

    private static List<String> optionNames(List<CommandSpec> chain, int level) {
        List<String> names = new ArrayList<>();
        for (OptionSpec o : chain.get(level).options()) {
            if (!o.hidden()) {
                names.addAll(List.of(o.names()));
            }
        }
        return names;
    }

    /** {@code " (did you mean 'X'?)"} for the nearest of {@code names} if it is near enough, else "". */
    static String suggestion(String typed, List<String> names) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String n : names) {
            int d = distance(typed, n);
            if (d < bestDistance) {
                best = n;
                bestDistance = d;
            }
        }
        // Near enough: a slip of a key or two, or a third of the name, whichever allows more.
        int core = typed.replaceFirst("^-+", "").length();
        if (best == null || bestDistance > Math.max(2, core / 3)) {
            return "";
        }
        return " (did you mean '" + best + "'?)";
    }

    /**
     * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions,
     * substitutions and swaps of two neighbouring characters each cost one, so {@code --outidr} is one
     * step from {@code --outdir}.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int v = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    v = Math.min(v, d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        return d[a.length()][b.length()];
    }
}
