#!/bin/sh
# The per-device shell loop nvsgen's batch flash encryption replaces: for each of N devices, a fresh
# flash key (espsecure), its nvs_keys partition pre-encrypted at its offset (espsecure), the key burnt
# on virtual eFuses (espefuse --virt). The NVS images and plain keys partitions come from a batch run
# (KEYS_DIR, e.g. out/keys), so only the flash-encryption steps are timed.
#   ESPSECURE="python3 -m espsecure" ESPEFUSE="python3 -m espefuse" sh bench/flash-encryption-loop.sh KEYS_DIR WORK N
set -eu
keys=$1 work=$2 n=${3:-20}
: "${ESPSECURE:=espsecure.py}" "${ESPEFUSE:=espefuse.py}"
mkdir -p "$work"
start=$(date +%s.%N)
i=0
for k in "$keys"/*.bin; do
    [ "$i" -lt "$n" ] || break
    i=$((i + 1))
    d=$work/$(basename "$k" .bin)
    mkdir -p "$d"
    $ESPSECURE generate_flash_encryption_key --keylen 256 "$d/flash_key.bin" >/dev/null
    $ESPSECURE encrypt_flash_data --aes_xts --keyfile "$d/flash_key.bin" --address 0xf000 \
        --output "$d/nvs_key.bin" "$k" >/dev/null
    $ESPEFUSE --virt --path-efuse-file "$d/efuse.bin" --chip esp32s3 --do-not-confirm \
        burn_key BLOCK_KEY0 "$d/flash_key.bin" XTS_AES_128_KEY >/dev/null
done
end=$(date +%s.%N)
echo "$i devices in $(echo "$end - $start" | bc) s"
