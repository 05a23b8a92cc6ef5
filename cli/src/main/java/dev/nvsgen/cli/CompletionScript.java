package dev.nvsgen.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Build-time only ({@link ReferenceDocs}): the bash completion script, also for zsh through
 * {@code bashcompinit}, written from the command's picocli model so that a new subcommand or option is
 * completed as soon as it is registered.
 *
 * <p>picocli's {@code AutoComplete} completes nothing after an option of type {@code String} and no
 * positional argument at all, while most of nvsgen's arguments are files. Here what an argument is comes
 * from its model: enumerated values (an enum, completion candidates, or a label such as {@code text|json|csv}
 * or {@code {1,2}}) are offered; a {@code DIR} completes folders; labels that name a number, an address
 * or a name ({@code N}, {@code ADDR}, {@code SIZE}, {@code NAME}, {@code KEY}, {@code PREFIX}, …) complete
 * nothing; everything else, and every positional argument, completes file names.
 */
final class CompletionScript {
    /** Labels of values that are not files: nothing is offered for them. */
    private static final Set<String> NOT_FILES =
            Set.of("N", "ADDR", "SIZE", "NAME", "KEY", "PREFIX", "START DIGITS", "FORMAT", "COMMAND");

    private static final Pattern WORDS = Pattern.compile("\\{([^{}]+)}|([A-Za-z0-9_-]+(?:\\|[A-Za-z0-9_-]+)+)");

    private CompletionScript() {}

    static String bash(CommandLine root) {
        Map<String, CommandSpec> commands = new LinkedHashMap<>();
        collect(root, "", commands);
        StringBuilder s = new StringBuilder();
        s.append("# bash completion for nvsgen; zsh: autoload -U +X compinit && compinit;")
                .append(" autoload -U +X bashcompinit && bashcompinit; then source this file.\n")
                .append("# Generated from nvsgen's own command model by its build: do not edit.\n\n");

        s.append("# The subcommands of the command $1 ('' is nvsgen itself), in REPLY.\n");
        s.append("_nvsgen_commands() {\n  case \"$1\" in\n");
        for (Map.Entry<String, CommandSpec> c : commands.entrySet()) {
            if (!c.getValue().subcommands().isEmpty()) {
                s.append("    ")
                        .append(quote(c.getKey()))
                        .append(") REPLY=")
                        .append(quote(
                                String.join(" ", c.getValue().subcommands().keySet())))
                        .append(" ;;\n");
            }
        }
        s.append("    *) REPLY='' ;;\n  esac\n}\n\n");

        s.append("# The options of the command $1, in REPLY.\n");
        s.append("_nvsgen_options() {\n  case \"$1\" in\n");
        for (Map.Entry<String, CommandSpec> c : commands.entrySet()) {
            List<String> names = new ArrayList<>();
            for (OptionSpec o : c.getValue().options()) {
                if (!o.hidden()) {
                    names.addAll(List.of(o.names()));
                }
            }
            s.append("    ")
                    .append(quote(c.getKey()))
                    .append(") REPLY=")
                    .append(quote(String.join(" ", names)))
                    .append(" ;;\n");
        }
        s.append("    *) REPLY='' ;;\n  esac\n}\n\n");

        s.append("# What the option $2 of the command $1 takes, in REPLY: '' nothing (a flag), file, dir, none\n")
                .append("# (a number or a name), 'words:A B' one of these, 'optional:A B' one of these or nothing.\n");
        s.append("_nvsgen_value() {\n  case \"$1|$2\" in\n");
        for (Map.Entry<String, CommandSpec> c : commands.entrySet()) {
            for (OptionSpec o : c.getValue().options()) {
                if (o.arity().max() == 0) {
                    continue;
                }
                String kind = kind(o);
                if (o.arity().min() == 0) {
                    kind = kind.startsWith("words:") ? "optional:" + kind.substring(6) : "optional:";
                }
                for (String name : o.names()) {
                    s.append("    ")
                            .append(quote(c.getKey() + "|" + name))
                            .append(") REPLY=")
                            .append(quote(kind))
                            .append(" ;;\n");
                }
            }
        }
        s.append("    *) REPLY='' ;;\n  esac\n}\n\n");

        s.append("# What the positional arguments of the command $1 are, in REPLY (as _nvsgen_value).\n");
        s.append("_nvsgen_positional() {\n  case \"$1\" in\n");
        for (Map.Entry<String, CommandSpec> c : commands.entrySet()) {
            String kind = positionalKind(c.getValue());
            if (!kind.equals("file")) {
                s.append("    ")
                        .append(quote(c.getKey()))
                        .append(") REPLY=")
                        .append(quote(kind))
                        .append(" ;;\n");
            }
        }
        s.append("    *) REPLY=file ;;\n  esac\n}\n\n");

        s.append(MAIN);
        return s.toString();
    }

    /** Every command by its path below nvsgen: "", "generate", "mfg generate"; the help command too. */
    private static void collect(CommandLine cl, String path, Map<String, CommandSpec> commands) {
        commands.put(path, cl.getCommandSpec());
        for (Map.Entry<String, CommandLine> sub : cl.getSubcommands().entrySet()) {
            collect(sub.getValue(), path.isEmpty() ? sub.getKey() : path + " " + sub.getKey(), commands);
        }
    }

    static String kind(ArgSpec arg) {
        List<String> words = new ArrayList<>();
        if (arg.completionCandidates() != null) {
            for (String w : arg.completionCandidates()) {
                words.add(arg.type().isEnum() ? w.toLowerCase(Locale.ROOT) : w);
            }
        }
        String label = arg.paramLabel();
        if (words.isEmpty()) {
            Matcher m = WORDS.matcher(label);
            if (m.matches()) {
                String list = m.group(1) != null ? m.group(1) : m.group(2);
                for (String w : list.split("[|,]")) {
                    words.add(w.strip());
                }
            }
        }
        if (!words.isEmpty()) {
            return "words:" + String.join(" ", words);
        }
        if (label.equals("DIR")) {
            return "dir";
        }
        if (NOT_FILES.contains(label)) {
            return "none";
        }
        return "file";
    }

    private static String positionalKind(CommandSpec spec) {
        if (spec.helpCommand()) {
            // help COMMAND: nvsgen's subcommands.
            CommandSpec parent = spec.parent();
            List<String> names = new ArrayList<>(parent.subcommands().keySet());
            names.remove(spec.name());
            return "words:" + String.join(" ", names);
        }
        if (spec.positionalParameters().isEmpty()) {
            return "none";
        }
        return "file";
    }

    /** A word in single quotes for the shell. */
    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * The completion function: finds the command the words so far name (skipping options and their
     * values), then completes what the word under the cursor can be. Words are split on '=' by bash
     * (COMP_WORDBREAKS), so "--format=js" arrives as "--format", "=", "js".
     */
    private static final String MAIN = """
            _complete_nvsgen() {
              local cur=${COMP_WORDS[COMP_CWORD]} cmd='' w i=1 kind='' REPLY
              while (( i < COMP_CWORD )); do
                w=${COMP_WORDS[i]}
                if [[ $w == -* ]]; then
                  _nvsgen_value "$cmd" "${w%%=*}"
                  if [[ $w != *=* && -n $REPLY && $REPLY != optional:* ]]; then
                    (( i++ ))
                    [[ ${COMP_WORDS[i]} == = ]] && (( i++ ))
                  elif [[ ${COMP_WORDS[i+1]} == = ]]; then
                    (( i += 2 ))
                  fi
                elif [[ $w != = ]]; then
                  _nvsgen_commands "$cmd"
                  if [[ " $REPLY " == *" $w "* ]]; then
                    cmd=${cmd:+$cmd }$w
                  fi
                fi
                (( i++ ))
              done
              local prev=${COMP_WORDS[COMP_CWORD-1]}
              if [[ $cur == -*=* ]]; then
                _nvsgen_value "$cmd" "${cur%%=*}"; kind=$REPLY; cur=${cur#*=}
              elif [[ $cur == = ]] && (( COMP_CWORD > 1 )); then
                _nvsgen_value "$cmd" "$prev"; kind=$REPLY; cur=''
              elif [[ $prev == = ]] && (( COMP_CWORD > 2 )); then
                _nvsgen_value "$cmd" "${COMP_WORDS[COMP_CWORD-2]}"; kind=$REPLY
              elif [[ $prev == -* ]] && (( COMP_CWORD > 1 )); then
                _nvsgen_value "$cmd" "$prev"; kind=$REPLY
                [[ $kind == optional:* && $cur == -* ]] && kind=''
              fi
              local IFS=$' \\t\\n'
              if [[ -z $kind || $kind == optional: ]]; then
                if [[ $cur == -* ]]; then
                  _nvsgen_options "$cmd"
                  COMPREPLY=( $(compgen -W "$REPLY" -- "$cur") )
                  return 0
                fi
                _nvsgen_commands "$cmd"
                if [[ -n $REPLY ]]; then
                  COMPREPLY=( $(compgen -W "$REPLY" -- "$cur") )
                  return 0
                fi
                _nvsgen_positional "$cmd"; kind=$REPLY
              fi
              case $kind in
                file)
                  type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null
                  IFS=$'\\n'
                  COMPREPLY=( $(compgen -f -- "$cur") ) ;;
                dir)
                  type compopt >/dev/null 2>&1 && compopt -o filenames 2>/dev/null
                  IFS=$'\\n'
                  COMPREPLY=( $(compgen -d -- "$cur") ) ;;
                words:*|optional:*)
                  COMPREPLY=( $(compgen -W "${kind#*:}" -- "$cur") ) ;;
                *)
                  COMPREPLY=() ;;
              esac
              return 0
            }

            complete -F _complete_nvsgen nvsgen
            """;
}
