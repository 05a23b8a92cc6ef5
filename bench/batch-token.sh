#!/bin/sh
# Whole-process throughput of nvsgen batch with the CA key in a PKCS#11 token (SoftHSM2) next to the
# same key read from a file: both issue N devices (EC P-256 keys, esp_secure_cert layout) under the
# bundled test CA, whose key is imported into a throw-away token in a temporary folder.
#
#   bench/batch-token.sh [DEVICES] [RUNS]      (from the project root, after mvn -B -q -DskipTests package)
#
# Needs softhsm2 (Debian package). Prints one line per run: key source, wall seconds, devices/s.
set -eu
devices=${1:-5000}
runs=${2:-3}
root=$(cd "$(dirname "$0")/.." && pwd)
lib=/usr/lib/softhsm/libsofthsm2.so
[ -e "$lib" ] || { echo "batch-token.sh: $lib missing: apt-get install softhsm2" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tokens"
printf 'directories.tokendir = %s/tokens\nobjectstore.backend = file\nlog.level = ERROR\n' "$work" > "$work/softhsm2.conf"
SOFTHSM2_CONF=$work/softhsm2.conf
NVSGEN_BENCH_PIN=bench-pin
export SOFTHSM2_CONF NVSGEN_BENCH_PIN
softhsm2-util --init-token --free --label bench-ca --pin "$NVSGEN_BENCH_PIN" --so-pin bench-so >/dev/null
softhsm2-util --import "$root/testdata/batch/ca/ca.key" --token bench-ca --label ca-key --id 01 \
    --pin "$NVSGEN_BENCH_PIN" >/dev/null
for source in file token; do
    if [ $source = file ]; then
        key="    key: $root/testdata/batch/ca/ca.key"
    else
        key="    key: \"pkcs11:token=bench-ca;object=ca-key\"
    pkcs11-library: $lib
    pin-env: NVSGEN_BENCH_PIN"
    fi
    cat > "$work/$source.yaml" <<YAML
preset: esp_secure_cert
devices:
  range: {prefix: "SN-", from: 1, to: $devices, digits: 7}
credentials:
  ca:
    certificate: $root/testdata/batch/ca/ca.pem
$key
  validity-days: 365
YAML
done
for i in $(seq "$runs"); do
    for source in file token; do
        start=$(date +%s.%N)
        java -jar "$root/cli/target/nvsgen.jar" batch "$work/$source.yaml" --outdir "$work/out-$source" --force -q >/dev/null
        end=$(date +%s.%N)
        echo "$source $start $end $devices" | awk '{ t = $3 - $2; printf "%-5s %6.2f s  %7.1f devices/s\n", $1, t, $4 / t }'
    done
done
