"""Loads the SKS WSDL with zeep, offline: every URL zeep asks for is looked up in a JSON map
(URL -> local file) and anything else is refused, so the test never touches the network.
Usage: python3 zeep-load-wsdl.py MAP.json WSDL_URL. Prints one JSON object: the operations of
every binding and the address of every port."""
import json
import sys

import zeep
from zeep.transports import Transport


class LocalTransport(Transport):
    def __init__(self, files):
        super().__init__()
        self.files = files
        self.requested = []

    def load(self, url):
        self.requested.append(url)
        if url not in self.files:
            raise IOError("refused (not a local document): " + url)
        with open(self.files[url], "rb") as f:
            return f.read()

    def post(self, *args, **kwargs):
        raise IOError("network access refused")

    def get(self, *args, **kwargs):
        raise IOError("network access refused")


def main():
    with open(sys.argv[1]) as f:
        files = json.load(f)
    transport = LocalTransport(files)
    client = zeep.Client(sys.argv[2], transport=transport, settings=zeep.Settings(strict=True))
    result = {"bindings": {}, "ports": {}, "requested": transport.requested}
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            binding = port.binding
            ops = {}
            for name, op in binding._operations.items():
                ops[name] = {
                    "soapAction": op.soapaction,
                    "input": op.input.body.qname.text if op.input.body is not None else None,
                    "output": op.output.body.qname.text if op.output.body is not None else None,
                }
            result["bindings"][binding.name.text] = {"soap": type(binding).__name__, "operations": ops}
            result["ports"][port.name] = port.binding_options["address"]
    # zeep builds request envelopes from the schema types: proof the message elements resolved.
    from lxml import etree

    messages = {}
    for port_name in ("SksSoap12Port", "SksSoap11Port"):
        proxy = client.bind("SksService", port_name)
        symkey = client.create_message(
            proxy, "SymkeyRequest", GlobalKeyID=["32473-0-0"], KeyClasses={"KeyClass": ["DEFAULT"]}
        )
        kcp = client.create_message(proxy, "KeyCachePolicyRequest")
        messages[port_name] = {
            "SymkeyRequest": etree.tostring(symkey, encoding="unicode"),
            "KeyCachePolicyRequest": etree.tostring(kcp, encoding="unicode"),
        }
    result["messages"] = messages
    print(json.dumps(result))


main()
