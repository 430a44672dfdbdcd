#!/usr/bin/env bash
# Makes the fuzz targets' fixture CA and the seeds that real tools send (docs/fuzzing.md). Run once from
# the repository root; the output is committed, so every run fuzzes from the same inputs.
#   bash src/test/resources/fuzz/make-seeds.sh
set -euo pipefail
res=src/test/resources
ca=$res/fuzz/ca
ocsp=$res/dev/hallmark/web/ocsp/OcspFuzzTestsInputs/respondWhenAnyPostBodyOrGetPathThenAnOcspAnswerNeverAnInternalError
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$ca" "$ocsp"

# A fixed root and issuing CA, so that seed requests name the issuer the responder answers for
# (a CertID's issuer hashes depend on the issuing CA's name and key). Test keys only: nothing trusts them.
cat > "$work/ca.cnf" <<'CNF'
[ca_ext]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$ca/root.key" -out "$ca/root.pem" \
  -days 36500 -subj "/CN=Fuzz Root/O=Hallmark" -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$ca/issuing.key" -out "$work/issuing.csr" \
  -subj "/CN=Fuzz Issuing/O=Hallmark" 2>/dev/null
openssl x509 -req -in "$work/issuing.csr" -CA "$ca/root.pem" -CAkey "$ca/root.key" -set_serial 0x0a -days 36500 \
  -extfile "$work/ca.cnf" -extensions ca_ext -out "$ca/issuing.pem" 2>/dev/null

# OCSP requests as openssl ocsp builds them: serials 1001 (valid), 1002 (revoked), 1003 (pending) and one never
# issued, with and without a nonce, SHA-1 and SHA-256 CertIDs, several CertIDs, and a CertID naming the root
req() { local name=$1; shift; openssl ocsp -reqout "$ocsp/$name.der" "$@" >/dev/null; }
req valid-nonce -issuer "$ca/issuing.pem" -serial 0x1001
req valid-no-nonce -issuer "$ca/issuing.pem" -serial 0x1001 -no_nonce
req revoked-sha256 -sha256 -issuer "$ca/issuing.pem" -serial 0x1002 -no_nonce
req pending-sha384 -sha384 -issuer "$ca/issuing.pem" -serial 0x1003 -no_nonce
req never-issued-sha512 -sha512 -issuer "$ca/issuing.pem" -serial 0x7fff
req three-certids -issuer "$ca/issuing.pem" -serial 0x1001 -serial 0x1002 -serial 0x4242
req root-issuer -issuer "$ca/root.pem" -serial 0x0a -no_nonce
# the GET form (RFC 6960 appendix A.1): the same DER as base64 in the path, as clients write it
for name in valid-no-nonce revoked-sha256; do
  b64=$(openssl base64 -A -in "$ocsp/$name.der")
  printf '%s' "$b64" > "$ocsp/get-$name.txt"
  printf '%s' "$b64" | sed 's/+/%2B/g; s/\//%2F/g; s/=/%3D/g' > "$ocsp/get-$name-percent-encoded.txt"
  printf '%s' "$b64" | tr '+/' '-_' | tr -d '=' > "$ocsp/get-$name-base64url.txt"
done
