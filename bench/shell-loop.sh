#!/bin/sh
# One device provisioned the way a shell loop does it, the loop `nvsgen batch` replaces: an EC P-256 key,
# a CSR and a certificate from the CA with openssl, a CSV, and Espressif's nvs_partition_gen for the
# image. For BatchBench's --reference, which runs it once per device in its work folder (where ca.pem and
# ca.key are) with SERIAL and OUT set:
#
#   ... BatchBench --reference "sh $PWD/bench/shell-loop.sh"
#
# NVS_PARTITION_GEN names the reference tool (default: python3 -m esp_idf_nvs_partition_gen).
set -eu
d=$OUT/$SERIAL
openssl ecparam -name prime256v1 -genkey -noout -out "$d.key"
openssl req -new -key "$d.key" -subj "/CN=$SERIAL" -out "$d.csr"
openssl x509 -req -in "$d.csr" -CA ca.pem -CAkey ca.key -set_serial "0x$(openssl rand -hex 16)" -days 365 \
    -out "$d.pem" 2>/dev/null
printf 'key,type,encoding,value\nesp_secure_cert,namespace,,\ndev_cert,file,string,%s\npriv_key,file,string,%s\n' \
    "$d.pem" "$d.key" >"$d.csv"
${NVS_PARTITION_GEN:-python3 -m esp_idf_nvs_partition_gen} generate "$d.csv" "$d.bin" 0x6000 >/dev/null
