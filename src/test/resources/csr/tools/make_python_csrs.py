"""Writes the python-cryptography golden CSRs (run from src/test/resources/csr: python3 tools/make_python_csrs.py)."""
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def write(name, builder, key, algorithm):
    csr = builder.sign(key, algorithm)
    with open(name, "wb") as out:
        out.write(csr.public_bytes(serialization.Encoding.PEM))


def subject(cn):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example")])


# server: EC P-384, a wildcard and an IPv6 address
key = ec.generate_private_key(ec.SECP384R1())
write("python-ec-p384-wildcard.csr",
      x509.CertificateSigningRequestBuilder().subject_name(subject("py.example")).add_extension(
          x509.SubjectAlternativeName([x509.DNSName("*.py.example"), x509.DNSName("py.example"),
                                       x509.IPAddress(ipaddress.ip_address("2001:db8::1"))]), critical=False),
      key, hashes.SHA384())

# client: RSA 3072 with an e-mail SAN
key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
write("python-rsa-3072-client.csr",
      x509.CertificateSigningRequestBuilder().subject_name(subject("alice")).add_extension(
          x509.SubjectAlternativeName([x509.RFC822Name("alice@example.com")]), critical=False),
      key, hashes.SHA256())

# client asking for serverAuth: outside the client profile
key = ec.generate_private_key(ec.SECP256R1())
write("python-client-asks-serverauth.csr",
      x509.CertificateSigningRequestBuilder().subject_name(subject("bob")).add_extension(
          x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH, ExtendedKeyUsageOID.SERVER_AUTH]), critical=False),
      key, hashes.SHA256())

# server asking for an extension no profile allows (nameConstraints), hoping it gets copied
key = ec.generate_private_key(ec.SECP256R1())
write("python-name-constraints.csr",
      x509.CertificateSigningRequestBuilder().subject_name(subject("nc.example")).add_extension(
          x509.SubjectAlternativeName([x509.DNSName("nc.example")]), critical=False).add_extension(
          x509.NameConstraints(permitted_subtrees=[x509.DNSName("example.com")], excluded_subtrees=None),
          critical=True),
      key, hashes.SHA256())
