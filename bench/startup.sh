#!/usr/bin/env bash
# Whole-process time of short commands, JVM start included, side by side: a bare JVM's hello world,
# `nvsgen --help`, and one `nvsgen generate` of the bundled example, each with `java -jar` and with
# bin/nvsgen (its JVM flags and CDS archive); the runtime distribution's bare `java -version`, `--help`
# and `generate` (its bin/nvsgen: the bundled runtime and its default CDS archive); and the reference
# tool's generate on the same CSV. Runs are interleaved round by round (so a busy moment hurts every
# command alike); medians are printed, with each against hello, the runtime's `java -version` and the
# reference.
#
# Usage, from the project root after `mvn -B -q -DskipTests package`:
#   bench/startup.sh [--runs N] [--java JAVA] [--runtime DIR] [--reference "python3 -m esp_idf_nvs_partition_gen"]
# --runtime: an unpacked runtime distribution (default: cli/target/runtime, the build's image, when there).
set -euo pipefail
runs=21
java=java
reference=
runtime=cli/target/runtime
while [ $# -gt 0 ]; do
    case "$1" in
    --runs) runs=$2; shift 2 ;;
    --java) java=$2; shift 2 ;;
    --reference) reference=$2; shift 2 ;;
    --runtime) runtime=$2; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--java JAVA] [--runtime DIR] [--reference CMD]" >&2; exit 2 ;;
    esac
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf 'public class Hello { public static void main(String[] a) { System.out.println("hello"); } }\n' >"$work/Hello.java"
"$(dirname "$(command -v "$java")")/javac" -d "$work" "$work/Hello.java"

jar=cli/target/nvsgen.jar
csv=testdata/example/factory.csv
names=(hello "help, java -jar" "help, bin/nvsgen" "generate, java -jar" "generate, bin/nvsgen")
cmds=(
    "$java -cp $work Hello"
    "$java -jar $jar --help"
    "bin/nvsgen --help"
    "$java -jar $jar generate $csv $work/a.bin 0x6000"
    "bin/nvsgen generate $csv $work/b.bin 0x6000"
)
version=
if [ -x "$runtime/bin/java" ] && [ -f "$runtime/lib/modules" ]; then
    version=${#cmds[@]}
    names+=("runtime java -version" "help, runtime" "generate, runtime")
    cmds+=(
        "$runtime/bin/java -version"
        "$runtime/bin/nvsgen --help"
        "$runtime/bin/nvsgen generate $csv $work/c.bin 0x6000"
    )
fi
if [ -n "$reference" ]; then
    names+=("generate, reference")
    cmds+=("$reference generate $csv $work/r.bin 0x6000")
fi
export PATH="$(dirname "$(command -v "$java")"):$PATH" # bin/nvsgen runs the same java

for ((c = 0; c < ${#cmds[@]}; c++)); do ${cmds[c]} >/dev/null 2>&1; done # warm the file cache
for ((r = 0; r < runs; r++)); do
    for ((c = 0; c < ${#cmds[@]}; c++)); do
        start=$(date +%s%N)
        ${cmds[c]} >/dev/null 2>&1
        echo $(( ($(date +%s%N) - start) / 1000 )) >>"$work/t$c"
    done
done
if [ -n "$reference" ] && ! cmp -s "$work/a.bin" "$work/r.bin"; then
    echo "warning: nvsgen's image differs from the reference's" >&2
fi
if [ -n "$version" ] && ! cmp -s "$work/a.bin" "$work/c.bin"; then
    echo "warning: the runtime distribution's image differs from the jar's" >&2
fi

median() { sort -n "$1" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
hello=$(median "$work/t0")
ref=
[ -n "$reference" ] && ref=$(median "$work/t$(( ${#cmds[@]} - 1 ))")
jv=
[ -n "$version" ] && jv=$(median "$work/t$version")
echo "medians of $runs interleaved runs (load average at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((c = 0; c < ${#cmds[@]}; c++)); do
    m=$(median "$work/t$c")
    line=$(awk -v n="${names[c]}" -v m="$m" -v h="$hello" 'BEGIN {printf "%-22s %7.1f ms   %4.1fx hello", n, m / 1000, m / h}')
    [ -n "$jv" ] && line="$line$(awk -v m="$m" -v v="$jv" 'BEGIN {printf "   %4.2fx runtime java -version", m / v}')"
    [ -n "$ref" ] && line="$line$(awk -v m="$m" -v r="$ref" 'BEGIN {printf "   %4.2fx reference", m / r}')"
    echo "$line"
done
