#!/usr/bin/env bash
# Seeds for signing.ImportCaFuzzTests (docs/fuzzing.md): what import-ca --cert/--key reads, made by openssl.
# Each seed is the certificate file, the line "=====KEY FILE=====", then the key file. Test keys only.
#   bash src/test/resources/fuzz/make-import-seeds.sh
set -euo pipefail
out=src/test/resources/dev/hallmark/signing/ImportCaFuzzTestsInputs/importPemWhenAnyFilesThenImportedOrRefusedByName
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
pass=pass:fuzz-key-password
seed() { { cat "$1"; printf '\n=====KEY FILE=====\n'; cat "$2"; } > "$OLDPWD/$out/$3"; }

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ec.key -out ec.pem -days 3650 \
  -subj "/CN=Seed EC CA/O=Hallmark" 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem -days 3650 -subj "/CN=Seed RSA CA" 2>/dev/null
openssl req -x509 -newkey ed25519 -nodes -keyout ed.key -out ed.pem -days 3650 -subj "/CN=Seed Ed25519 CA" 2>/dev/null
openssl pkey -in ec.key -traditional -out ec-sec1.key
openssl pkey -in rsa.key -traditional -out rsa-pkcs1.key
openssl pkcs8 -topk8 -in ec.key -v2 aes-256-cbc -passout $pass -out ec-pkcs8-enc.key
openssl pkey -in rsa.key -traditional -aes256 -passout $pass -out rsa-legacy-enc.key
openssl x509 -in ec.pem -outform DER -out ec.der
# a leaf: not a CA, and not self-signed
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf.key -out leaf.csr -subj "/CN=leaf" 2>/dev/null
openssl x509 -req -in leaf.csr -CA ec.pem -CAkey ec.key -set_serial 7 -days 30 -out leaf.pem 2>/dev/null

seed ec.pem ec.key ec-pkcs8
seed ec.pem ec-sec1.key ec-sec1
seed ec.pem ec-pkcs8-enc.key ec-pkcs8-encrypted
seed ec.der ec.key ec-der-certificate
seed rsa.pem rsa-pkcs1.key rsa-pkcs1
seed rsa.pem rsa-legacy-enc.key rsa-legacy-encrypted
seed ed.pem ed.key ed25519
seed ec.pem rsa.key mismatched-key
seed leaf.pem leaf.key leaf-not-a-ca
seed rsa.key rsa.pem swapped-files
# one file holding both, as some tools write them (the input without the separator line)
cat ec.pem ec.key > "$OLDPWD/$out/ec-combined-pem"
