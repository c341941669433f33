"""Drives zeep's WS-Security signature plugin without a WSDL (no network), for the interop tests.

  zeep_wss.py sign KEY.pem CERT.pem IN.xml OUT.xml   sign IN (an envelope whose wsse:Security
                                                     header already holds a wsu:Timestamp) with
                                                     BinarySignature, RSA-SHA256 and SHA-256
  zeep_wss.py verify CERT.pem IN.xml                 zeep.wsse.signature.verify_envelope

Exit status 0 on success, 1 when zeep rejects the signature, 2 on usage errors.
Run it with Debian's /usr/bin/python3 (python3-zeep, python3-xmlsec).
"""
import sys

import xmlsec
from lxml import etree
from zeep.wsse.signature import BinarySignature, SignatureVerificationFailed, verify_envelope


def read_envelope(path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    return etree.parse(path, parser).getroot()


def sign(key, cert, source, target):
    envelope = read_envelope(source)
    plugin = BinarySignature(
        key,
        cert,
        signature_method=xmlsec.Transform.RSA_SHA256,
        digest_method=xmlsec.Transform.SHA256,
    )
    envelope, _ = plugin.apply(envelope, {})
    with open(target, "wb") as out:
        out.write(etree.tostring(envelope, encoding="utf-8"))
    return 0


def verify(cert, source):
    try:
        verify_envelope(read_envelope(source), cert)
    except SignatureVerificationFailed:
        print("zeep: signature verification failed", file=sys.stderr)
        return 1
    return 0


def main(argv):
    if len(argv) == 5 and argv[0] == "sign":
        return sign(*argv[1:])
    if len(argv) == 3 and argv[0] == "verify":
        return verify(*argv[1:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
