"""The pairing API's shapes (serializers): one module per business object."""
