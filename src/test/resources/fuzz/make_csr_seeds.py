"""Writes CSR seeds for the fuzz targets whose findings these were (docs/fuzzing.md): extension requests whose
value is of another ASN.1 type or empty, and a subject UTF8String that is not UTF-8. Every CSR is signed by its
own key, so that policy reads past the signature. Run from the repository root:
    python3 src/test/resources/fuzz/make_csr_seeds.py
Wrong types come from openssl (its DER: and ASN1: extension forms); empty values and the bad UTF-8 from python
cryptography (UnrecognizedExtension keeps the bytes as given; the subject is patched in the DER and signed again)."""
import base64
import os
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtensionOID, NameOID

RES = "src/test/resources/dev/hallmark"
POLICY = RES + "/policy/CsrPolicyFuzzTestsInputs/evaluateWhenAnyBodyThenApprovedAndIssuableOrRefusedByName"
EST = RES + "/web/est/EstBodyFuzzTestsInputs/decodeAndJudgeWhenAnyEstBodyThenCsrOrEstRefusal"
READ = {"subjectAltName": ExtensionOID.SUBJECT_ALTERNATIVE_NAME, "basicConstraints": ExtensionOID.BASIC_CONSTRAINTS,
        "keyUsage": ExtensionOID.KEY_USAGE, "extendedKeyUsage": ExtensionOID.EXTENDED_KEY_USAGE}


def write(name, der):
    for directory, body in ((POLICY, der), (EST, base64.encodebytes(der))):
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, name if body is der else name[:-len(".der")] + ".b64"), "wb") as out:
            out.write(body)


def openssl_csr(addext, outform="DER"):
    with tempfile.TemporaryDirectory() as work:
        key, csr = os.path.join(work, "k.pem"), os.path.join(work, "r.der")
        subprocess.run(["openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                        "-keyout", key, "-subj", "/CN=device.example.com", "-addext", addext, "-outform", outform, "-out", csr],
                       check=True, capture_output=True)
        with open(csr, "rb") as f:
            return f.read()


# another ASN.1 type: a UTF8String, a BOOLEAN, an INTEGER where the extension's own type belongs (openssl)
write("openssl-san-utf8string.der", openssl_csr("subjectAltName=DER:0c:01:78"))
write("openssl-basicconstraints-utf8string.der", openssl_csr("basicConstraints=DER:0c:01:78"))
write("openssl-keyusage-boolean.der", openssl_csr("keyUsage=ASN1:BOOLEAN:TRUE"))
write("openssl-eku-integer.der", openssl_csr("extendedKeyUsage=ASN1:INTEGER:7"))


def der_length(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def tlv(tag, content):
    return bytes([tag]) + der_length(len(content)) + content


def split(der):
    """The content of the outer SEQUENCE, as (tag, whole element) pairs."""
    length_byte = der[1]
    offset = 2 + (length_byte & 0x7f if length_byte & 0x80 else 0)
    out = []
    while offset < len(der):
        n = der[offset + 1]
        header = 2 + (n & 0x7f if n & 0x80 else 0)
        length = int.from_bytes(der[offset + 2:offset + header], "big") if n & 0x80 else n
        out.append(der[offset:offset + header + length])
        offset += header + length
    return out


key = ec.generate_private_key(ec.SECP256R1())
subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "device.example.com")])

# an empty value (no bytes inside the OCTET STRING) for each extension policy reads
for name, oid in READ.items():
    builder = x509.CertificateSigningRequestBuilder().subject_name(subject).add_extension(
        x509.UnrecognizedExtension(oid, b""), critical=False)
    write("python-" + name.lower() + "-empty.der",
          builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))

# a CN UTF8String holding C3 28 (C3 opens a two-byte sequence that 28 cannot continue): patched, then signed again
csr = x509.CertificateSigningRequestBuilder().subject_name(x509.Name([
    x509.NameAttribute(NameOID.COMMON_NAME, "AB")])).add_extension(
    x509.SubjectAlternativeName([x509.DNSName("device.example.com")]), critical=False).sign(key, hashes.SHA256())
tbs, algorithm, _ = split(csr.public_bytes(serialization.Encoding.DER))
assert tbs.count(b"\x0c\x02AB") == 1
tbs = tbs.replace(b"\x0c\x02AB", b"\x0c\x02\xc3\x28")
signature = key.sign(tbs, ec.ECDSA(hashes.SHA256()))
write("python-cn-not-utf8.der", tlv(0x30, tbs + algorithm + tlv(0x03, b"\x00" + signature)))


# EST bodies as clients send them: base64 in lines of 64 with CRLF (RFC 7030's examples), in one line, PEM and raw
# DER (both taken by the forgiving reader); a CSR with the names of the current certificate that re-enrollment compares
os.makedirs(EST, exist_ok=True)
device = openssl_csr("subjectAltName=DNS:device.example.com")
est_bodies = {
    "openssl-device-crlf.b64": base64.encodebytes(device).replace(b"\n", b"\r\n"),
    "openssl-device-one-line.b64": base64.b64encode(device),
    "openssl-device.pem": openssl_csr("subjectAltName=DNS:device.example.com", "PEM"),
    "openssl-device.der": device,
}
for name in sorted(os.listdir("src/test/resources/csr")):
    if name.endswith(".csr"):
        with open(os.path.join("src/test/resources/csr", name), "rb") as f:
            pem = f.read()
        der = base64.b64decode(b"".join(l for l in pem.splitlines() if not l.startswith(b"-----")))
        est_bodies[name[:-len(".csr")] + ".b64"] = base64.encodebytes(der)
for name, body in est_bodies.items():
    with open(os.path.join(EST, name), "wb") as out:
        out.write(body)
