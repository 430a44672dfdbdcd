#!/bin/sh
# Writes the openssl and keytool golden CSRs (OpenSSL 3.0, JDK 17 keytool).
# Run from src/test/resources/csr: sh tools/make_openssl_keytool_csrs.sh
set -e
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
req() { out=$1; shift; openssl req -new -nodes -keyout "$work/key" -out "$out" "$@"; }
req openssl-ec-p256-sans.csr -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=web.example/O=Example" \
    -addext "subjectAltName=DNS:web.example,DNS:www.web.example,IP:10.0.0.1"
req openssl-rsa-2048.csr -newkey rsa:2048 -subj "/CN=rsa.example" -addext "subjectAltName=DNS:rsa.example"
req openssl-rsa-1024.csr -newkey rsa:1024 -subj "/CN=weak.example" -addext "subjectAltName=DNS:weak.example"
req openssl-ec-secp256k1.csr -newkey ec -pkeyopt ec_paramgen_curve:secp256k1 -subj "/CN=k1.example" \
    -addext "subjectAltName=DNS:k1.example"
req openssl-ca-true.csr -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=ca.example" \
    -addext "subjectAltName=DNS:ca.example" -addext "basicConstraints=critical,CA:TRUE"
req openssl-keycertsign.csr -newkey rsa:2048 -subj "/CN=sign.example" -addext "subjectAltName=DNS:sign.example" \
    -addext "keyUsage=critical,digitalSignature,keyCertSign"
req openssl-ed25519.csr -newkey ed25519 -subj "/CN=ed.example" -addext "subjectAltName=DNS:ed.example"
req openssl-ec-p384-device.csr -newkey ec -pkeyopt ec_paramgen_curve:P-384 -subj "/CN=device-0042"
# a good CSR with the last byte of its signature flipped
openssl req -in openssl-ec-p256-sans.csr -outform DER -out "$work/good.der"
python3 -c "import sys; d=bytearray(open(sys.argv[1],'rb').read()); d[-1]^=1; open(sys.argv[2],'wb').write(d)" \
    "$work/good.der" openssl-ec-p256-bad-signature.der

ks="$work/ks.p12"
keytool -genkeypair -keystore "$ks" -storetype PKCS12 -storepass changeit -alias ec -keyalg EC -groupname secp256r1 \
    -dname "CN=keytool.example, O=Example" -validity 1
keytool -certreq -keystore "$ks" -storepass changeit -alias ec -ext san=dns:keytool.example,dns:api.keytool.example \
    -file keytool-ec-p256.csr
keytool -genkeypair -keystore "$ks" -storetype PKCS12 -storepass changeit -alias rsa -keyalg RSA -keysize 2048 \
    -dname "CN=client-7, O=Example" -validity 1
keytool -certreq -keystore "$ks" -storepass changeit -alias rsa -ext san=email:client7@example.com \
    -file keytool-rsa-2048-client.csr
